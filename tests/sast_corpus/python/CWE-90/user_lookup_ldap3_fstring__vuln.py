"""Looks a colleague up in the company directory by user name."""

import os

from flask import Flask, jsonify, request
from ldap3 import Connection, Server

app = Flask(__name__)
SERVER = Server(os.environ["LDAP_URL"])


@app.get("/people")
def people():
    uid = request.args.get("uid", "")
    conn = Connection(SERVER, auto_bind=True)
    conn.search("ou=people,dc=example,dc=com", f"(uid={uid})", attributes=["cn", "mail"])
    return jsonify([entry.entry_to_json() for entry in conn.entries])
