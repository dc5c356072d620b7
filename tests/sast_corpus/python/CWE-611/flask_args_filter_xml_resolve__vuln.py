"""Reads a small XML search filter from the query string of an OpenSearch-style endpoint."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)


@app.get("/search")
def search():
    spec = request.args.get("filter", "<filter/>")
    parser = etree.XMLParser(resolve_entities=True, no_network=True)
    terms = [term.text for term in etree.fromstring(spec, parser).iter("term")]
    return jsonify(terms=terms)
