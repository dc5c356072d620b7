"""Shows the featured products in a random order on the home page."""

import random

from flask import Flask, jsonify

app = Flask(__name__)
FEATURED = ["lamp", "chair", "desk", "shelf", "rug"]


@app.get("/featured")
def featured():
    products = FEATURED.copy()
    random.shuffle(products)
    return jsonify(products=products)
