"""Reads the title of an uploaded XHTML page with minidom over a SAX parser following entities."""

import xml.sax
from xml.dom import minidom

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/pages/title")
def page_title():
    reader = xml.sax.make_parser()
    reader.setFeature(xml.sax.handler.feature_external_ges, 1)
    document = minidom.parseString(request.get_data(), parser=reader)
    titles = document.getElementsByTagName("title")
    return jsonify(title=titles[0].firstChild.data if titles and titles[0].firstChild else None)
