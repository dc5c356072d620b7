"""Authenticates an API client by comparing the key header in constant time."""

import hmac

from flask import Flask, abort, g, request
from lxml import etree

app = Flask(__name__)
CLIENTS = etree.parse("/srv/api/clients.xml")


@app.before_request
def authenticate():
    key = request.headers.get("X-Api-Key", "")
    for client in CLIENTS.iterfind("client"):
        if hmac.compare_digest(client.findtext("key", ""), key):
            g.client = client.get("name")
            return
    abort(401)
