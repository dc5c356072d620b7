"""Sets the session cookie with options gathered in a dict, Secure on."""

import secrets

from flask import Flask, make_response

app = Flask(__name__)
COOKIE_OPTIONS = {"httponly": True, "samesite": "Lax", "secure": True, "path": "/"}


@app.post("/session")
def start_session():
    response = make_response("ok")
    response.set_cookie("sid", secrets.token_urlsafe(32), **COOKIE_OPTIONS)
    return response
