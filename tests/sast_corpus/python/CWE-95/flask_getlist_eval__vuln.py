"""Sums the measurements given as repeated query parameters."""

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/measurements/sum")
def measurement_sum():
    values = [eval(v) for v in request.args.getlist("v")]
    return jsonify(total=sum(values))
