"""Keeps the wizard's progress in a cookie as plain JSON."""

import json

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/wizard")
def wizard():
    try:
        progress = json.loads(request.cookies.get("wizard", "{}"))
    except ValueError:
        progress = {}
    step = progress.get("step", 1) if isinstance(progress, dict) else 1
    return jsonify(step=int(step))
