"""Stores the user loaded by the authentication layer, not request data."""

from flask import Flask, g, session

app = Flask(__name__)


@app.post("/session/refresh")
def refresh():
    if g.get("user") is None:
        return "", 401
    session["user_id"] = g.user.id
    session.permanent = True
    return "", 204
