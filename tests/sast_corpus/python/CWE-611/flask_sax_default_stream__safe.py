"""Counts the entries of a bank statement posted by the client, with SAX's default features."""

import xml.sax
from xml.sax.handler import ContentHandler

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
    counter = EntryCounter()
    xml.sax.parseString(request.get_data(), counter)
    return jsonify(entries=counter.entries)
