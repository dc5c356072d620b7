"""Accepts purchase orders posted as XML by partner systems."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)


@app.post("/orders/xml")
def post_order():
    parser = etree.XMLParser(resolve_entities=True)
    order = etree.fromstring(request.get_data(), parser)
    return jsonify(order_id=order.findtext("id"), lines=len(order.findall("line")))
