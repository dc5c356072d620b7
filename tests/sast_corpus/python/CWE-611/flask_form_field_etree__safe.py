"""Previews an XML snippet pasted into a form field, parsed by xml.etree and pretty-printed."""

import xml.etree.ElementTree as ET

from flask import Flask, Response, request

app = Flask(__name__)


@app.post("/cms/xml-preview")
def xml_preview():
    tree = ET.fromstring(request.form["xml"])
    ET.indent(tree)
    return Response(ET.tostring(tree), mimetype="text/plain")
