"""Counts orders in a given state with a compiled expression and a variable."""

from flask import Flask, request
from lxml import etree

app = Flask(__name__)
ORDERS = etree.parse("/srv/data/orders.xml")
COUNT_BY_STATE = etree.XPath("count(//order[@state=$state])")


@app.get("/orders/count")
def count():
    state = request.args.get("state", "open")
    return str(int(COUNT_BY_STATE(ORDERS, state=state)))
