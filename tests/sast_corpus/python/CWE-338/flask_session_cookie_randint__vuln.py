"""Logs a user in and hands out a session id cookie drawn from random.randint."""

import random

from flask import Flask, make_response

app = Flask(__name__)
SESSIONS: dict[str, int] = {}


@app.post("/login")
def login():
    user_id = 42
    session_id = str(random.randint(10**20, 10**21))
    SESSIONS[session_id] = user_id
    response = make_response("", 204)
    response.set_cookie("sid", session_id, secure=True, httponly=True, samesite="Lax")
    return response
