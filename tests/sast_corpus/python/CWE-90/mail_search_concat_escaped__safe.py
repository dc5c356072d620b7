"""Autocompletes mail addresses; the typed prefix is escaped, the wildcard added after."""

import os

from flask import Flask, jsonify, request
from ldap3 import SUBTREE, Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
SERVER = Server(os.environ["LDAP_URL"])


@app.get("/autocomplete")
def autocomplete():
    prefix = escape_filter_chars(request.args.get("q", ""))
    conn = Connection(SERVER, auto_bind=True)
    conn.search("dc=example,dc=com", "(mail=" + prefix + "*)", SUBTREE, attributes=["mail"])
    return jsonify([str(e.mail) for e in conn.entries])
