"""Builds the default export template from a document fixed in the source; entity resolution
on this constant is harmless."""

from flask import Flask, Response
from lxml import etree

app = Flask(__name__)
TEMPLATE = b"""<?xml version="1.0"?>
<!DOCTYPE export [<!ENTITY vendor "Example GmbH">]>
<export><vendor>&vendor;</vendor><rows/></export>"""


@app.get("/exports/template")
def export_template():
    root = etree.fromstring(TEMPLATE, etree.XMLParser(resolve_entities=True))
    return Response(etree.tostring(root), mimetype="application/xml")
