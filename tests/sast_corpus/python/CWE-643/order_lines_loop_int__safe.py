"""Totals the lines of the posted orders; ids are converted to integers."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
ORDERS = etree.parse("/srv/data/orders.xml")


@app.post("/orders/total")
def total():
    amount = 0.0
    for order_id in request.get_json()["ids"]:
        amount += ORDERS.xpath(f"sum(//order[@id={int(order_id)}]/line/@amount)")
    return jsonify(total=amount)
