"""Finds accounts whose mail starts with the typed prefix, for autocompletion."""

import os

from flask import Flask, jsonify, request
from ldap3 import SUBTREE, Connection, Server

app = Flask(__name__)
SERVER = Server(os.environ["LDAP_URL"])


@app.get("/autocomplete")
def autocomplete():
    prefix = request.args.get("q", "")
    conn = Connection(SERVER, auto_bind=True)
    conn.search("dc=example,dc=com", "(mail=" + prefix + "*)", SUBTREE, attributes=["mail"])
    return jsonify([str(e.mail) for e in conn.entries])
