"""Extracts links from a posted HTML page with lxml.html (the HTML parser loads no entities)."""

import lxml.html
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/pages/links")
def page_links():
    page = lxml.html.fromstring(request.get_data(as_text=True))
    return jsonify(links=[href for _el, _attr, href, _pos in page.iterlinks()])
