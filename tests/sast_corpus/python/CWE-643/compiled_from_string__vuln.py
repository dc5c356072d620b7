"""Counts orders in a given state; the compiled expression embeds the state."""

from flask import Flask, request
from lxml import etree

app = Flask(__name__)
ORDERS = etree.parse("/srv/data/orders.xml")


@app.get("/orders/count")
def count():
    state = request.args.get("state", "open")
    counter = etree.XPath(f"count(//order[@state='{state}'])")
    return str(int(counter(ORDERS)))
