"""Streams a large inventory upload with pulldom's default parser (external entities off)."""

from xml.dom import pulldom

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/inventory")
def import_inventory():
    items = 0
    for event, node in pulldom.parse(request.files["inventory"].stream):
        if event == pulldom.START_ELEMENT and node.tagName == "item":
            items += 1
    return jsonify(items=items)
