"""Looks up a product's price by SKU."""

from flask import Flask, request
from lxml import etree

app = Flask(__name__)
PRICES = etree.parse("/srv/data/prices.xml").getroot()


@app.get("/price")
def price():
    query = "string(//product[@sku='{}']/price)".format(request.args["sku"])
    return PRICES.xpath(query)
