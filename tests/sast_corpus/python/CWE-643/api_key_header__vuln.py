"""Authenticates an API client by the key header against the clients file."""

from flask import Flask, abort, g, request
from lxml import etree

app = Flask(__name__)
CLIENTS = etree.parse("/srv/api/clients.xml")


@app.before_request
def authenticate():
    key = request.headers.get("X-Api-Key", "")
    names = CLIENTS.xpath("//client[key='" + key + "']/@name")
    if not names:
        abort(401)
    g.client = str(names[0])
