"""Counts disabled accounts matching the admin's note, escaped before the wildcards."""

import os

import ldap
from flask import Flask, request
from ldap.filter import escape_filter_chars

app = Flask(__name__)


@app.get("/admin/disabled")
def disabled():
    note = escape_filter_chars(request.args.get("note", ""))
    conn = ldap.initialize(os.environ["LDAP_URL"])
    msgid = conn.search_ext(
        "dc=example,dc=com", ldap.SCOPE_SUBTREE, f"(&(nsAccountLock=TRUE)(description=*{note}*))"
    )
    _, results = conn.result(msgid)
    return str(len(results))
