"""Runs a filter over the feed with elementpath, built from the query string."""

import xml.etree.ElementTree as ET

import elementpath
from flask import Flask, jsonify, request

app = Flask(__name__)
FEED = ET.parse("/srv/feeds/latest.xml")


@app.get("/feed")
def feed():
    since = request.args.get("since", "1970-01-01")
    items = elementpath.select(FEED, f"//item[pubDate >= '{since}']/title")
    return jsonify([i.text for i in items])
