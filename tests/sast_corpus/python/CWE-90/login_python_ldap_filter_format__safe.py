"""Finds the DN to bind as for a login form, with python-ldap's filter_format."""

import os

import ldap
from flask import Flask, request
from ldap.filter import filter_format

app = Flask(__name__)


@app.post("/login")
def login():
    conn = ldap.initialize(os.environ["LDAP_URL"])
    query = filter_format("(&(objectClass=person)(uid=%s))", [request.form["user"]])
    found = conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, query)
    if len(found) != 1:
        return "denied", 401
    conn.simple_bind_s(found[0][0], request.form["password"])
    return "ok"
