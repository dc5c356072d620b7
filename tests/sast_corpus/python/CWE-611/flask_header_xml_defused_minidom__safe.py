"""Reads an assertion forwarded base64-encoded in a header, parsed with defusedxml.minidom."""

import base64

from defusedxml import minidom
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/whoami")
def whoami():
    document = minidom.parseString(base64.b64decode(request.headers.get("X-Assertion", "")))
    ids = document.getElementsByTagNameNS("*", "NameID")
    return jsonify(subject=ids[0].firstChild.data if ids and ids[0].firstChild else None)
