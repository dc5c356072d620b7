"""Validates a posted order against our XML Schema with a parser that resolves no entities."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
SCHEMA = etree.XMLSchema(etree.parse("/srv/schemas/order.xsd"))
PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


@app.post("/orders/validate")
def validate_order():
    document = etree.fromstring(request.get_data(), PARSER)
    return jsonify(valid=SCHEMA.validate(document))
