"""Returns a chapter of the manual by its number in the URL path."""

from flask import Flask
from lxml import etree

app = Flask(__name__)
MANUAL = etree.parse("/srv/docs/manual.xml")


@app.route("/manual/chapter/<int:number>")
def chapter(number):
    nodes = MANUAL.xpath(f"//chapter[@n={number}]")
    return etree.tostring(nodes[0]) if nodes else ("not found", 404)
