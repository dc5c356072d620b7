"""Lists a customer's support tickets in one status, both values bound."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
TICKETS = etree.parse("/srv/support/tickets.xml")


@app.get("/tickets")
def tickets():
    ids = TICKETS.xpath(
        "//ticket[@customer=$c][@status=$s]/@id",
        c=request.args["customer"],
        s=request.args.get("status", "open"),
    )
    return jsonify([str(t) for t in ids])
