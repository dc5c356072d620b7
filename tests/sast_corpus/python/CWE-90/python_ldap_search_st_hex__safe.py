"""Checks an invitation code, which must be 32 hexadecimal characters."""

import os
import string

import ldap
from flask import Flask, abort, request

app = Flask(__name__)


@app.post("/invite/accept")
def accept():
    code = request.form["code"]
    if len(code) != 32 or not set(code) <= set(string.hexdigits):
        abort(400)
    conn = ldap.initialize(os.environ["LDAP_URL"])
    hits = conn.search_st(
        "ou=pending,dc=example,dc=com", ldap.SCOPE_ONELEVEL, "(inviteCode=" + code + ")", timeout=5
    )
    return ("welcome", 200) if hits else ("invalid code", 404)
