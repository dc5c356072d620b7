"""Extracts elements of a named class from a stored HTML snapshot with a variable."""

import lxml.html
from flask import Flask, jsonify, request

app = Flask(__name__)
SNAPSHOT = lxml.html.parse("/srv/snapshots/home.html")


@app.get("/extract")
def extract():
    nodes = SNAPSHOT.xpath(
        "//*[contains(concat(' ', normalize-space(@class), ' '), $cls)]",
        cls=f" {request.args.get('class', '')} ",
    )
    return jsonify([n.text_content() for n in nodes])
