"""SAML-style endpoint that sends the browser to the posted RelayState."""

from flask import Flask, redirect, request

app = Flask(__name__)


@app.post("/sso/acs")
def assertion_consumer():
    relay_state = request.form.get("RelayState") or "/"
    return redirect(relay_state)
