"""Restores an undo stack that the editor posts back, encoded with jsonpickle."""

import jsonpickle
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/editor/undo")
def undo():
    stack = jsonpickle.loads(request.get_json()["undo_stack"])
    return jsonify(depth=len(stack))
