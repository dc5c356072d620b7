"""Lists the members of a group; the name goes through python-ldap's escape_filter_chars."""

import os

import ldap
from flask import Flask, jsonify, request
from ldap.filter import escape_filter_chars

app = Flask(__name__)


@app.get("/groups/members")
def members():
    group = escape_filter_chars(request.args["group"])
    conn = ldap.initialize(os.environ["LDAP_URL"])
    found = conn.search_s("ou=groups,dc=example,dc=com", ldap.SCOPE_ONELEVEL, f"(cn={group})")
    return jsonify([dn for dn, _ in found])
