"""SAML-style endpoint that honours RelayState only when it is a local path."""

from flask import Flask, redirect, request

app = Flask(__name__)


@app.post("/sso/acs")
def assertion_consumer():
    relay_state = request.form.get("RelayState") or "/"
    if relay_state[:1] != "/" or relay_state[1:2] in ("/", "\\"):
        relay_state = "/"
    return redirect(relay_state)
