"""Keeps the catalogue's price for a known SKU in the session cart."""

from flask import Flask, abort, request, session

app = Flask(__name__)
CATALOGUE = {"A-100": 1999, "B-200": 4999}


@app.post("/cart/add")
def add():
    sku = request.form["sku"]
    if sku not in CATALOGUE:
        abort(404)
    session["cart"] = [*session.get("cart", []), {"sku": sku, "price": CATALOGUE[sku]}]
    return "added"
