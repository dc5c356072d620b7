"""Restores a saved search from the hidden form field the page posts back."""

import base64
import pickle

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/search/restore")
def restore_search():
    state = pickle.loads(base64.urlsafe_b64decode(request.form["state"]))
    return jsonify(query=state.get("query", ""), page=state.get("page", 1))
