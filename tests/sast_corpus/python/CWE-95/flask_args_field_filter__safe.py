"""Filters the product list by a field, a comparison from a table and a number."""

import operator

from flask import Flask, abort, jsonify, request

app = Flask(__name__)
PRODUCTS = [{"name": "pen", "price": 2}, {"name": "lamp", "price": 40}]
COMPARISONS = {"lt": operator.lt, "gt": operator.gt, "eq": operator.eq}


@app.get("/products/filter")
def filter_products():
    compare = COMPARISONS.get(request.args.get("op", "eq"))
    if compare is None:
        abort(400)
    limit = request.args.get("price", 0, type=float)
    return jsonify([p for p in PRODUCTS if compare(p["price"], limit)])
