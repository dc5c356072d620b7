"""Imports a board layout exported from the desktop app (a pickle file) via upload."""

import pickle

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/boards/import")
def import_board():
    board = pickle.load(request.files["export"].stream)
    return jsonify(columns=len(board["columns"]))
