"""Parses posted RSS with a parser whose options come from a shared settings dict."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
PARSER_OPTIONS = {"resolve_entities": True, "strip_cdata": False, "recover": True}


@app.post("/feeds/preview")
def preview_feed():
    parser = etree.XMLParser(**PARSER_OPTIONS)
    channel = etree.fromstring(request.get_data(), parser).find("channel")
    return jsonify(title=channel.findtext("title") if channel is not None else None)
