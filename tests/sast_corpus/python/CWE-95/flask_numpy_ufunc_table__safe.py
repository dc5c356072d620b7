"""Computes a column by applying a NumPy function chosen from a table."""

import numpy as np
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
FUNCTIONS = {"sqrt": np.sqrt, "log": np.log1p, "abs": np.abs}


@app.post("/columns/compute")
def compute_column():
    body = request.get_json()
    function = FUNCTIONS.get(body.get("function", ""))
    if function is None:
        abort(400)
    values = np.asarray(body["values"], dtype=float)
    return jsonify(result=function(values).tolist())
