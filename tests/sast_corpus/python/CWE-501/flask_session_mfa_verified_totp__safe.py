"""Marks the session as having passed MFA after checking the TOTP code server-side."""

import pyotp
from flask import Flask, abort, request, session

app = Flask(__name__)
SECRETS: dict[int, str] = {}


@app.post("/mfa/complete")
def mfa_complete():
    secret = SECRETS.get(session.get("user_id", -1))
    if secret is None or not pyotp.TOTP(secret).verify(request.get_json().get("code", "")):
        abort(401)
    session["mfa_passed"] = True
    return "", 204
