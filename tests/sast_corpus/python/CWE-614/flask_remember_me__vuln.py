"""Sets a long-lived remember-me cookie after login."""

import secrets
from datetime import timedelta

from flask import Flask, redirect

app = Flask(__name__)


@app.post("/login/remember")
def remember():
    response = redirect("/")
    response.set_cookie(
        "remember_token", secrets.token_hex(32), max_age=timedelta(days=30), httponly=True
    )
    return response
