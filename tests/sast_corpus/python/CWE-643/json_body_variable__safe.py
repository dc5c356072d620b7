"""Filters inventory items by the posted category with an XPath variable."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
INVENTORY = etree.parse("/srv/data/inventory.xml")


@app.post("/inventory/search")
def search():
    body = request.get_json()
    ids = INVENTORY.xpath("//item[category=$cat]/@id", cat=str(body["category"]))
    return jsonify([str(i) for i in ids])
