"""Prices an order line; the quantity is parsed as a float before the fixed expression uses it."""

# %-formatting kept on purpose: the substituted value can only be a float.
# ruff: noqa: UP031

from flask import Flask, jsonify, request

app = Flask(__name__)
RATE = 4.5


@app.get("/price")
def price():
    quantity = request.args.get("qty", 1.0, type=float)
    return jsonify(total=eval("%r * rate" % quantity, {"rate": RATE, "__builtins__": {}}))
