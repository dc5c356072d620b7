"""Looks up phone numbers for a posted name, escaped once and reused."""

import os

from flask import Flask, jsonify, request
from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
SERVER = Server(os.environ["LDAP_URL"])


@app.post("/phones")
def phones():
    name = escape_filter_chars(str(request.get_json()["name"]))
    conn = Connection(SERVER, auto_bind=True)
    conn.search(
        "dc=example,dc=com", f"(|(cn={name})(displayName={name}))", attributes=["telephoneNumber"]
    )
    return jsonify([str(e.telephoneNumber) for e in conn.entries])
