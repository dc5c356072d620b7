"""Checks whether an invitation code belongs to a pending account."""

import os

import ldap
from flask import Flask, request

app = Flask(__name__)


@app.post("/invite/accept")
def accept():
    code = request.form["code"]
    conn = ldap.initialize(os.environ["LDAP_URL"])
    hits = conn.search_st(
        "ou=pending,dc=example,dc=com", ldap.SCOPE_ONELEVEL, "(inviteCode=" + code + ")", timeout=5
    )
    return ("welcome", 200) if hits else ("invalid code", 404)
