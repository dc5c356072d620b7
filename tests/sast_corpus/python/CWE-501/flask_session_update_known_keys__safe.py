"""Saves known preference keys with allowed values into the session."""

from flask import Flask, request, session

app = Flask(__name__)
ALLOWED = {"theme": {"light", "dark"}, "density": {"compact", "comfortable"}}


@app.post("/prefs")
def prefs():
    body = request.get_json()
    for key, values in ALLOWED.items():
        if body.get(key) in values:
            session[key] = body[key]
    return "", 204
