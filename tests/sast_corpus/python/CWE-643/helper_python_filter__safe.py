"""Looks up a customer record by comparing e-mails in Python."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
CUSTOMERS = etree.parse("/srv/crm/customers.xml")


def customers_with_email(email: str) -> list:
    return [c for c in CUSTOMERS.iterfind("customer") if c.findtext("email") == email]


@app.get("/customer")
def customer():
    nodes = customers_with_email(request.args["email"])
    return jsonify([n.findtext("name") for n in nodes])
