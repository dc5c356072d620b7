"""Gives a guest checkout the code that lets them look up their order without an account."""

import random

from flask import Flask, jsonify, request

app = Flask(__name__)
GUEST_ORDERS: dict[str, int] = {}


@app.post("/checkout/guest")
def guest_checkout():
    order_id = int(request.form["order"])
    lookup_code = f"{random.randint(0, 16**10 - 1):010X}"
    GUEST_ORDERS[lookup_code] = order_id
    return jsonify(order=order_id, lookup_code=lookup_code), 201
