"""Searches the directory through a helper that escapes each value of an AND filter."""

import os

from flask import Flask, jsonify, request
from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
SERVER = Server(os.environ["LDAP_URL"])


def and_filter(**terms: str) -> str:
    return "(&" + "".join(f"({k}={escape_filter_chars(v)})" for k, v in terms.items()) + ")"


@app.get("/search")
def search():
    query = and_filter(department=request.args["dept"], l=request.args["city"])
    conn = Connection(SERVER, auto_bind=True)
    conn.search("ou=people,dc=example,dc=com", query, attributes=["cn"])
    return jsonify([str(e.cn) for e in conn.entries])
