"""Counts the entries of a bank statement (camt.053 XML) posted by the client, with SAX."""

import xml.sax
from xml.sax.handler import ContentHandler, feature_external_ges

from flask import Flask, jsonify, request

app = Flask(__name__)


class EntryCounter(ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.entries = 0

    def startElement(self, name, attrs):
        if name == "Ntry":
            self.entries += 1


@app.post("/statements")
def post_statement():
    reader = xml.sax.make_parser()
    reader.setFeature(feature_external_ges, True)
    counter = EntryCounter()
    reader.setContentHandler(counter)
    reader.parse(request.stream)
    return jsonify(entries=counter.entries)
