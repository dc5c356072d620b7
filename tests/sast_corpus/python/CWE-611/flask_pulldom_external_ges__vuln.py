"""Streams a large inventory upload with pulldom over a SAX parser following external entities."""

import xml.sax
from xml.dom import pulldom

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/inventory")
def import_inventory():
    sax_parser = xml.sax.make_parser()
    sax_parser.setFeature(xml.sax.handler.feature_external_ges, True)
    items = 0
    for event, node in pulldom.parse(request.files["inventory"].stream, parser=sax_parser):
        if event == pulldom.START_ELEMENT and node.tagName == "item":
            items += 1
    return jsonify(items=items)
