"""Searches by one of several attributes: a name from a table, a value from the user."""

import os

from flask import Flask, jsonify, request
from ldap3 import Connection, Server

app = Flask(__name__)
SERVER = Server(os.environ["LDAP_URL"])
ATTRIBUTES = {"name": "cn", "mail": "mail", "phone": "telephoneNumber"}


@app.get("/find")
def find():
    attribute = ATTRIBUTES.get(request.args.get("by", ""), "cn")
    value = request.args.get("value", "")
    conn = Connection(SERVER, auto_bind=True)
    conn.search("ou=people,dc=example,dc=com", f"({attribute}={value})", attributes=["cn"])
    return jsonify([str(e.cn) for e in conn.entries])
