"""Picks translated strings for the locale stored in a cookie."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
STRINGS = etree.parse("/srv/i18n/strings.xml")


@app.get("/strings")
def strings():
    locale = request.cookies.get("locale", "en")
    nodes = STRINGS.xpath("//string[@lang='" + locale + "']")
    return jsonify({n.get("id"): n.text for n in nodes})
