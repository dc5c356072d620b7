"""Counts disabled accounts whose description matches the admin's note."""

import os

import ldap
from flask import Flask, request

app = Flask(__name__)


@app.get("/admin/disabled")
def disabled():
    note = request.args.get("note", "")
    conn = ldap.initialize(os.environ["LDAP_URL"])
    msgid = conn.search_ext(
        "dc=example,dc=com", ldap.SCOPE_SUBTREE, f"(&(nsAccountLock=TRUE)(description=*{note}*))"
    )
    _, results = conn.result(msgid)
    return str(len(results))
