"""Returns an employee's phone extension from the directory."""

from flask import Flask, request
from lxml import etree

app = Flask(__name__)
DIRECTORY = etree.parse("/srv/hr/directory.xml")


@app.get("/extension")
def extension():
    name = request.args.get("name", "")
    nodes = DIRECTORY.xpath("//employee[@name='" + name + "']/ext/text()")
    return nodes[0] if nodes else ("unknown", 404)
