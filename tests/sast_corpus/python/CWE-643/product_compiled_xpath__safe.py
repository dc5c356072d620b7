"""Looks up a product's price by SKU with a precompiled XPath expression."""

from flask import Flask, request
from lxml import etree

app = Flask(__name__)
PRICES = etree.parse("/srv/data/prices.xml").getroot()
PRICE_OF = etree.XPath("string(//product[@sku=$sku]/price)")


@app.get("/price")
def price():
    return PRICE_OF(PRICES, sku=request.args["sku"])
