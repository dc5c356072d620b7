"""Caches product pages with a jittered lifetime so entries do not expire all at once."""

import random

from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/products/<int:product_id>")
def product(product_id):
    response = jsonify(id=product_id)
    response.cache_control.max_age = 300 + random.randint(0, 60)
    response.cache_control.public = True
    return response
