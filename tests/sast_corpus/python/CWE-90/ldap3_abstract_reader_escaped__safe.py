"""Finds people with ldap3's Reader; the surname is escaped."""

import os

from flask import Flask, jsonify, request
from ldap3 import Connection, ObjectDef, Reader, Server
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
SERVER = Server(os.environ["LDAP_URL"])


@app.get("/reader")
def reader():
    conn = Connection(SERVER, auto_bind=True)
    person = ObjectDef("inetOrgPerson", conn)
    query = "(sn=" + escape_filter_chars(request.args["sn"]) + ")"
    found = Reader(conn, person, "ou=people,dc=example,dc=com", query)
    return jsonify([e.entry_dn for e in found.search()])
