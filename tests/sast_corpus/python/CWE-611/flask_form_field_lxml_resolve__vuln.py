"""Previews an XML snippet pasted into a form field in the CMS."""

from flask import Flask, Response, request
from lxml import etree

app = Flask(__name__)


@app.post("/cms/xml-preview")
def xml_preview():
    snippet = request.form["xml"]
    parser = etree.XMLParser(resolve_entities=True, remove_comments=True)
    tree = etree.fromstring(snippet.encode(), parser)
    return Response(etree.tostring(tree, pretty_print=True), mimetype="text/plain")
