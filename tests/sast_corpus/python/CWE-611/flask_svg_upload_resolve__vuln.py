"""Checks the size of an uploaded SVG icon; the parser resolves entities and reads the DTD."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)


@app.post("/icons")
def upload_icon():
    parser = etree.XMLParser(load_dtd=True, resolve_entities=True, no_network=False)
    svg = etree.parse(request.files["icon"], parser).getroot()
    return jsonify(width=svg.get("width"), height=svg.get("height"))
