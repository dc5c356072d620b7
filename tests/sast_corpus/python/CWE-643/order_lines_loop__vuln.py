"""Totals the lines of the orders whose ids were posted."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
ORDERS = etree.parse("/srv/data/orders.xml")


@app.post("/orders/total")
def total():
    amount = 0.0
    for order_id in request.get_json()["ids"]:
        amount += ORDERS.xpath(f"sum(//order[@id='{order_id}']/line/@amount)")
    return jsonify(total=amount)
