"""Computes a column from an expression with numexpr; before 2.8.5 numexpr.evaluate passed
the string to eval (CVE-2023-39631)."""

import numexpr
import numpy as np
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/columns/compute")
def compute_column():
    body = request.get_json()
    values = np.asarray(body["values"], dtype=float)
    result = numexpr.evaluate(body["expression"], local_dict={"x": values})
    return jsonify(result=result.tolist())
