"""Finds the DN to bind as for a login form, with python-ldap."""

# ruff: noqa: UP031

import os

import ldap
from flask import Flask, request

app = Flask(__name__)


@app.post("/login")
def login():
    conn = ldap.initialize(os.environ["LDAP_URL"])
    found = conn.search_s(
        "dc=example,dc=com",
        ldap.SCOPE_SUBTREE,
        "(&(objectClass=person)(uid=%s))" % request.form["user"],
    )
    if len(found) != 1:
        return "denied", 401
    conn.simple_bind_s(found[0][0], request.form["password"])
    return "ok"
