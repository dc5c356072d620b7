"""Returns the manager of an employee named in the URL path."""

import os

from flask import Flask, jsonify
from ldap3 import Connection, Server

app = Flask(__name__)
SERVER = Server(os.environ["LDAP_URL"])


@app.route("/employees/<uid>/manager")
def manager(uid):
    conn = Connection(SERVER, auto_bind=True)
    conn.search("ou=people,dc=example,dc=com", "(uid=" + uid + ")", attributes=["manager"])
    return jsonify([str(e.manager) for e in conn.entries])
