"""Finds people with ldap3's Reader, whose query text includes the user's value."""

import os

from flask import Flask, jsonify, request
from ldap3 import Connection, ObjectDef, Reader, Server

app = Flask(__name__)
SERVER = Server(os.environ["LDAP_URL"])


@app.get("/reader")
def reader():
    conn = Connection(SERVER, auto_bind=True)
    person = ObjectDef("inetOrgPerson", conn)
    found = Reader(conn, person, "ou=people,dc=example,dc=com", "(sn=" + request.args["sn"] + ")")
    return jsonify([e.entry_dn for e in found.search()])
