"""Returns a section of the manual named in the URL path."""

from flask import Flask
from lxml import etree

app = Flask(__name__)
MANUAL = etree.parse("/srv/docs/manual.xml")


@app.route("/manual/<section>")
def manual(section):
    nodes = MANUAL.xpath(f"//section[@id='{section}']")
    return etree.tostring(nodes[0]) if nodes else ("not found", 404)
