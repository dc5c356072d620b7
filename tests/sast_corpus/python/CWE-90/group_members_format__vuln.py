"""Lists the members of a group chosen in the admin UI."""

import os

from flask import Flask, jsonify, request
from ldap3 import Connection, Server

app = Flask(__name__)
SERVER = Server(os.environ["LDAP_URL"])


@app.get("/groups/members")
def members():
    group = request.args["group"]
    conn = Connection(SERVER, auto_bind=True)
    conn.search("ou=groups,dc=example,dc=com", "(cn={})".format(group), attributes=["member"])  # noqa: UP032
    return jsonify([str(e.member) for e in conn.entries])
