"""Checks the size of an uploaded SVG icon with xml.etree (no external entities in CPython)."""

import xml.etree.ElementTree as ET

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/icons")
def upload_icon():
    svg = ET.parse(request.files["icon"]).getroot()
    return jsonify(width=svg.get("width"), height=svg.get("height"))
