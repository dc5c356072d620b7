"""Computes a derived column whose expression sits in a nested JSON request."""

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/columns/derive")
def derive():
    spec = request.get_json()["column"]
    expression = spec["expression"]
    rows = spec.get("rows", [])
    return jsonify(values=[eval(expression, {}, {"row": row}) for row in rows])
