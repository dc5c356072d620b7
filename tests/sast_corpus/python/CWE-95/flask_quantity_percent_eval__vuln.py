"""Prices an order line; the quantity is substituted into a pricing expression."""

# The string formatting below is the flaw this file exhibits.
# ruff: noqa: UP031

from flask import Flask, jsonify, request

app = Flask(__name__)
RATE = 4.5


@app.get("/price")
def price():
    quantity = request.args.get("qty", "1")
    return jsonify(total=eval("%s * rate" % quantity, {"rate": RATE}))
