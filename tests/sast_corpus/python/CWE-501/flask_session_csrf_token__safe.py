"""Puts a fresh CSRF token in the session; the request only triggers it."""

import secrets

from flask import Flask, jsonify, request, session

app = Flask(__name__)


@app.get("/csrf")
def csrf():
    if request.args.get("rotate") or "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return jsonify(token=session["csrf"])
