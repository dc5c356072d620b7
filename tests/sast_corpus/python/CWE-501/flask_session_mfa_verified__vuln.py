"""Marks the session as having passed MFA when the client says it did."""

from flask import Flask, request, session

app = Flask(__name__)


@app.post("/mfa/complete")
def mfa_complete():
    session["mfa_passed"] = request.get_json().get("passed", False)
    return "", 204
