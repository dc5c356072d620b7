"""Lists the users of an organisational unit given in the query string."""

import os

from flask import Flask, jsonify, request
from ldap3 import Connection, Server

app = Flask(__name__)
SERVER = Server(os.environ["LDAP_URL"])


@app.get("/ou/users")
def ou_users():
    unit = request.args.get("ou", "people")
    conn = Connection(SERVER, auto_bind=True)
    conn.search(f"ou={unit},dc=example,dc=com", "(objectClass=person)", attributes=["uid"])
    return jsonify([str(e.uid) for e in conn.entries])
