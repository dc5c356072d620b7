"""Sums the measurements given as repeated query parameters, converted with float()."""

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/measurements/sum")
def measurement_sum():
    values = [float(v) for v in request.args.getlist("v")]
    return jsonify(total=sum(values))
