"""Lists a customer's support tickets in one status."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
TICKETS = etree.parse("/srv/support/tickets.xml")


@app.get("/tickets")
def tickets():
    customer = request.args["customer"]
    status = request.args.get("status", "open")
    expr = f"//ticket[@customer='{customer}'][@status='{status}']/@id"
    return jsonify([str(t) for t in TICKETS.xpath(expr)])
