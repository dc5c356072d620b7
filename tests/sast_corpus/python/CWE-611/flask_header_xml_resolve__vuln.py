"""Reads a SAML-like assertion that the SSO proxy forwards base64-encoded in a header."""

import base64

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)


@app.get("/whoami")
def whoami():
    assertion = base64.b64decode(request.headers.get("X-Assertion", ""))
    root = etree.fromstring(assertion, etree.XMLParser(resolve_entities=True))
    return jsonify(subject=root.findtext(".//{*}NameID"))
