"""Restores a saved search from the hidden form field, encoded as base64 JSON."""

import base64
import json

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/search/restore")
def restore_search():
    state = json.loads(base64.urlsafe_b64decode(request.form["state"]))
    return jsonify(query=str(state.get("query", "")), page=int(state.get("page", 1)))
