"""Returns the manager of an employee by numeric id in the URL path."""

import os

from flask import Flask, jsonify
from ldap3 import Connection, Server

app = Flask(__name__)
SERVER = Server(os.environ["LDAP_URL"])


@app.route("/employees/<int:number>/manager")
def manager(number):
    conn = Connection(SERVER, auto_bind=True)
    conn.search("ou=people,dc=example,dc=com", f"(employeeNumber={number})", attributes=["manager"])
    return jsonify([str(e.manager) for e in conn.entries])
