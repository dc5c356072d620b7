"""Saves the client's preferences, posted as JSON, into the session."""

from flask import Flask, request, session

app = Flask(__name__)


@app.post("/prefs")
def prefs():
    session.update(request.get_json())
    return "", 204
