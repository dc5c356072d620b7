"""Imports a board layout exported from the desktop app (a JSON file) via upload."""

import json

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/boards/import")
def import_board():
    board = json.load(request.files["export"].stream)
    return jsonify(columns=len(board["columns"]))
