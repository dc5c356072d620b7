"""Streams an uploaded product list with defusedxml.pulldom."""

from defusedxml import pulldom
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/products/import")
def import_products():
    products = 0
    for event, node in pulldom.parseString(request.get_data()):
        if event == "START_ELEMENT" and node.tagName == "product":
            products += 1
    return jsonify(products=products)
