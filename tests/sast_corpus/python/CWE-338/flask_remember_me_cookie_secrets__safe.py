"""Sets the long-lived remember-me token cookie from secrets.token_hex."""

import secrets

from flask import Flask, make_response

app = Flask(__name__)
REMEMBERED: dict[str, int] = {}


@app.post("/login/remember")
def remember_me():
    token = secrets.token_hex(24)
    REMEMBERED[token] = 42
    response = make_response("", 204)
    response.set_cookie(
        "remember", token, max_age=30 * 86400, secure=True, httponly=True, samesite="Strict"
    )
    return response
