"""Searches the catalogue by a field from a table; the value is an XPath variable."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
CATALOGUE = etree.parse("/srv/data/catalogue.xml")
FIELDS = {"title": "title", "author": "author", "isbn": "@isbn"}


@app.get("/find")
def find():
    field = FIELDS.get(request.args.get("by", ""), "title")
    expr = "//book[" + field + "=$value]/title/text()"
    titles = CATALOGUE.xpath(expr, value=request.args.get("value", ""))
    return jsonify([str(t) for t in titles])
