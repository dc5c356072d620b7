"""Imports a sitemap uploaded by the site owner; entities may be fetched over the network."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
PARSER = etree.XMLParser(resolve_entities=True, no_network=False)


@app.post("/sitemaps")
def import_sitemap():
    tree = etree.parse(request.files["sitemap"].stream, PARSER)
    urls = tree.getroot().findall("{http://www.sitemaps.org/schemas/sitemap/0.9}url")
    return jsonify(urls=len(urls))
