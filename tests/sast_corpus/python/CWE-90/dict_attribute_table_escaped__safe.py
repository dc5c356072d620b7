"""Searches by an attribute from a table; the user's value is escaped."""

import os

from flask import Flask, jsonify, request
from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
SERVER = Server(os.environ["LDAP_URL"])
ATTRIBUTES = {"name": "cn", "mail": "mail", "phone": "telephoneNumber"}


@app.get("/find")
def find():
    attribute = ATTRIBUTES.get(request.args.get("by", ""), "cn")
    value = escape_filter_chars(request.args.get("value", ""))
    conn = Connection(SERVER, auto_bind=True)
    conn.search("ou=people,dc=example,dc=com", f"({attribute}={value})", attributes=["cn"])
    return jsonify([str(e.cn) for e in conn.entries])
