"""Loads the signed-in user's groups; the proxy passes the user in a header."""

import os

from flask import Flask, jsonify, request
from ldap3 import Connection, Server

app = Flask(__name__)
SERVER = Server(os.environ["LDAP_URL"])


@app.get("/me/groups")
def my_groups():
    user = request.headers.get("X-Remote-User", "")
    conn = Connection(SERVER, auto_bind=True)
    conn.search("ou=groups,dc=example,dc=com", f"(memberUid={user})", attributes=["cn"])
    return jsonify([str(e.cn) for e in conn.entries])
