"""Issues a VPN profile for the account named in the form."""

import os

from flask import Flask, abort, request
from ldap3 import Connection, Server

app = Flask(__name__)
SERVER = Server(os.environ["LDAP_URL"])


@app.post("/vpn/profile")
def vpn_profile():
    account = request.form.get("account", "")
    query = "(&(uid=" + account + ")(memberOf=cn=vpn,ou=groups,dc=example,dc=com))"
    conn = Connection(SERVER, auto_bind=True)
    if not conn.search("ou=people,dc=example,dc=com", query):
        abort(403)
    return {"profile": f"{account}.ovpn"}
