"""Applies a discount percentage sent by the checkout form."""

from flask import Flask, request, session

app = Flask(__name__)


@app.post("/cart/discount")
def discount():
    percent = request.form.get("percent", "0")
    session["discount_percent"] = percent
    return "applied"
