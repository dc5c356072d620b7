"""Keeps the item price posted by the product page in the session cart."""

from flask import Flask, request, session

app = Flask(__name__)


@app.post("/cart/add")
def add():
    cart = session.setdefault("cart", [])
    cart.append({"sku": request.form["sku"], "price": request.form["price"]})
    session["cart"] = cart
    return "added"
