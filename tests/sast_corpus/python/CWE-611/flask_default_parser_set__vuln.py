"""Installs an entity-resolving parser as lxml's default, then parses posted XML with it."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
etree.set_default_parser(etree.XMLParser(resolve_entities=True, no_network=False))


@app.post("/config/preview")
def preview_config():
    root = etree.fromstring(request.get_data())
    return jsonify(keys=[child.tag for child in root])
