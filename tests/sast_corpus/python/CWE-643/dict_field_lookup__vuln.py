"""Searches the catalogue by a field chosen from a table and a free-text value."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
CATALOGUE = etree.parse("/srv/data/catalogue.xml")
FIELDS = {"title": "title", "author": "author", "isbn": "@isbn"}


@app.get("/find")
def find():
    field = FIELDS.get(request.args.get("by", ""), "title")
    value = request.args.get("value", "")
    expr = "//book[" + field + "='" + value + "']/title/text()"
    return jsonify([str(t) for t in CATALOGUE.xpath(expr)])
