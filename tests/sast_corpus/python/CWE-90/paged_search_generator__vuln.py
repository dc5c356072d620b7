"""Exports every account in a cost centre with ldap3's paged search."""

import os

from flask import Flask, jsonify, request
from ldap3 import SUBTREE, Connection, Server

app = Flask(__name__)
SERVER = Server(os.environ["LDAP_URL"])


@app.get("/export")
def export():
    centre = request.args["centre"]
    conn = Connection(SERVER, auto_bind=True)
    pages = conn.extend.standard.paged_search(
        "dc=example,dc=com", f"(costCenter={centre})", SUBTREE, attributes=["uid"], generator=True
    )
    return jsonify([p["attributes"]["uid"] for p in pages if p["type"] == "searchResEntry"])
