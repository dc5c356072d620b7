"""Filters inventory items by the category posted as JSON."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
INVENTORY = etree.parse("/srv/data/inventory.xml")


@app.post("/inventory/search")
def search():
    body = request.get_json()
    expr = "//item[category='%s']/@id" % body["category"]  # noqa: UP031
    return jsonify([str(i) for i in INVENTORY.xpath(expr)])
