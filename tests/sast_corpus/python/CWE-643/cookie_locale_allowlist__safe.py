"""Picks translated strings for the cookie's locale if it is a supported one."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
STRINGS = etree.parse("/srv/i18n/strings.xml")
SUPPORTED = {"en", "de", "fr", "es"}


@app.get("/strings")
def strings():
    locale = request.cookies.get("locale", "en")
    if locale not in SUPPORTED:
        locale = "en"
    nodes = STRINGS.xpath("//string[@lang='" + locale + "']")
    return jsonify({n.get("id"): n.text for n in nodes})
