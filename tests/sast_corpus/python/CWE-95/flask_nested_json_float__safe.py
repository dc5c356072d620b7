"""Scales a column whose factor sits in a nested JSON request."""

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/columns/scale")
def scale():
    spec = request.get_json()["column"]
    factor = float(spec["factor"])
    rows = spec.get("rows", [])
    return jsonify(values=[float(row) * factor for row in rows])
