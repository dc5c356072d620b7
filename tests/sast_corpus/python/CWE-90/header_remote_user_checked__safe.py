"""Loads the signed-in user's groups; the header must be a plain account name."""

import os
import re

from flask import Flask, abort, jsonify, request
from ldap3 import Connection, Server

app = Flask(__name__)
SERVER = Server(os.environ["LDAP_URL"])
ACCOUNT = re.compile(r"[a-z][a-z0-9._-]{0,31}")


@app.get("/me/groups")
def my_groups():
    user = request.headers.get("X-Remote-User", "")
    if not ACCOUNT.fullmatch(user):
        abort(400)
    conn = Connection(SERVER, auto_bind=True)
    conn.search("ou=groups,dc=example,dc=com", f"(memberUid={user})", attributes=["cn"])
    return jsonify([str(e.cn) for e in conn.entries])
