"""Lists colleagues in the cookie's department if it is one of the known ones."""

import os

from flask import Flask, jsonify, request
from ldap3 import Connection, Server

app = Flask(__name__)
SERVER = Server(os.environ["LDAP_URL"])
DEPARTMENTS = {"engineering", "sales", "finance", "support"}


@app.get("/colleagues")
def colleagues():
    dept = request.cookies.get("dept", "engineering")
    if dept not in DEPARTMENTS:
        dept = "engineering"
    conn = Connection(SERVER, auto_bind=True)
    conn.search("ou=people,dc=example,dc=com", "(department=%s)" % dept, attributes=["cn"])  # noqa: UP031
    return jsonify([str(e.cn) for e in conn.entries])
