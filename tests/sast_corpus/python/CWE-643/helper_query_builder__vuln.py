"""Looks up a customer record through a small query helper."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
CUSTOMERS = etree.parse("/srv/crm/customers.xml")


def customer_query(field: str, value: str) -> str:
    return f"//customer[{field}='{value}']"


@app.get("/customer")
def customer():
    nodes = CUSTOMERS.xpath(customer_query("email", request.args["email"]))
    return jsonify([n.findtext("name") for n in nodes])
