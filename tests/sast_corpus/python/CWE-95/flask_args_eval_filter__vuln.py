"""Filters the product list with a condition typed into the admin search box."""

from flask import Flask, jsonify, request

app = Flask(__name__)
PRODUCTS = [{"name": "pen", "price": 2}, {"name": "lamp", "price": 40}]


@app.get("/products/filter")
def filter_products():
    condition = request.args.get("where", "True")
    return jsonify([p for p in PRODUCTS if eval(condition, {}, dict(p))])
