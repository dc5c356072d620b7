"""Restores display preferences that the page stored in a cookie as JSON."""

import json

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/prefs")
def prefs():
    try:
        stored = json.loads(request.cookies.get("prefs", "{}"))
    except ValueError:
        stored = {}
    return jsonify(stored if isinstance(stored, dict) else {})
