"""Extracts elements of a class the caller names from a stored HTML snapshot."""

import lxml.html
from flask import Flask, jsonify, request

app = Flask(__name__)
SNAPSHOT = lxml.html.parse("/srv/snapshots/home.html")


@app.get("/extract")
def extract():
    css_class = request.args.get("class", "")
    nodes = SNAPSHOT.xpath(f"//*[contains(@class, '{css_class}')]")
    return jsonify([n.text_content() for n in nodes])
