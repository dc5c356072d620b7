"""Finds books by author in the catalogue with a bound XPath variable."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
CATALOGUE = etree.parse("/srv/data/catalogue.xml")


@app.get("/books")
def books():
    author = request.args.get("author", "")
    titles = CATALOGUE.xpath("//book[author=$author]/title/text()", author=author)
    return jsonify([str(t) for t in titles])
