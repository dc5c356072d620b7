"""Starts a session after login; the session cookie is Secure and HttpOnly."""

import secrets

from flask import Flask, make_response

app = Flask(__name__)
SESSIONS: dict[str, str] = {}


@app.post("/login")
def login():
    sid = secrets.token_urlsafe(32)
    SESSIONS[sid] = "user"
    response = make_response("welcome")
    response.set_cookie("session_id", sid, secure=True, httponly=True, samesite="Lax")
    return response
