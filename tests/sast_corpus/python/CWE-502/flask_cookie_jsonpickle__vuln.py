"""Keeps the wizard's progress in a cookie encoded with jsonpickle."""

import jsonpickle
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/wizard")
def wizard():
    progress = jsonpickle.decode(request.cookies.get("wizard", "{}"))
    return jsonify(step=progress.get("step", 1))
