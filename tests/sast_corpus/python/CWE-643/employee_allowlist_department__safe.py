"""Lists the employees of a department chosen from a fixed set."""

from flask import Flask, abort, jsonify, request
from lxml import etree

app = Flask(__name__)
DIRECTORY = etree.parse("/srv/hr/directory.xml")
QUERIES = {
    "sales": "//employee[@dept='sales']/@name",
    "support": "//employee[@dept='support']/@name",
}


@app.get("/department")
def department():
    query = QUERIES.get(request.args.get("dept", ""))
    if query is None:
        abort(404)
    return jsonify([str(n) for n in DIRECTORY.xpath(query)])
