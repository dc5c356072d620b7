"""Counts the paragraphs of an uploaded .docx by parsing word/document.xml with defusedxml."""

import zipfile

from defusedxml.ElementTree import fromstring
from flask import Flask, jsonify, request

app = Flask(__name__)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@app.post("/documents/stats")
def document_stats():
    with zipfile.ZipFile(request.files["document"].stream) as docx:
        body = docx.read("word/document.xml")
    root = fromstring(body)
    return jsonify(paragraphs=len(root.findall(f".//{W}p")))
