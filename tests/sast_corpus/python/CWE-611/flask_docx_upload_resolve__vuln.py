"""Counts the paragraphs of an uploaded .docx by parsing word/document.xml with lxml."""

import zipfile

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@app.post("/documents/stats")
def document_stats():
    with zipfile.ZipFile(request.files["document"].stream) as docx:
        body = docx.read("word/document.xml")
    root = etree.fromstring(body, etree.XMLParser(resolve_entities=True))
    return jsonify(paragraphs=len(root.findall(f".//{W}p")))
