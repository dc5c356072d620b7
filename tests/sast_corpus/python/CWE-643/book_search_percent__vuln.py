"""Finds books by author in the catalogue."""

# ruff: noqa: UP031

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
CATALOGUE = etree.parse("/srv/data/catalogue.xml")


@app.get("/books")
def books():
    author = request.args.get("author", "")
    titles = CATALOGUE.xpath("//book[author='%s']/title/text()" % author)
    return jsonify([str(t) for t in titles])
