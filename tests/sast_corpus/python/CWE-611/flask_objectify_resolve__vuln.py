"""Reads a product catalogue posted as XML with lxml.objectify."""

from flask import Flask, jsonify, request
from lxml import objectify

app = Flask(__name__)


@app.post("/catalogue")
def import_catalogue():
    parser = objectify.makeparser(resolve_entities=True, remove_blank_text=True)
    catalogue = objectify.fromstring(request.get_data(), parser)
    return jsonify(products=len(catalogue.product))
