"""Lists the users of an organisational unit; the name is escaped as an RDN value."""

import os

from flask import Flask, jsonify, request
from ldap3 import Connection, Server
from ldap3.utils.dn import escape_rdn

app = Flask(__name__)
SERVER = Server(os.environ["LDAP_URL"])


@app.get("/ou/users")
def ou_users():
    unit = escape_rdn(request.args.get("ou", "people"))
    conn = Connection(SERVER, auto_bind=True)
    conn.search(f"ou={unit},dc=example,dc=com", "(objectClass=person)", attributes=["uid"])
    return jsonify([str(e.uid) for e in conn.entries])
