"""Scores an uploaded feature matrix; the .npy file is read with pickles refused."""

import numpy as np
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/score")
def score():
    matrix = np.load(request.files["features"].stream, allow_pickle=False)
    return jsonify(shape=list(matrix.shape), mean=float(matrix.mean()))
