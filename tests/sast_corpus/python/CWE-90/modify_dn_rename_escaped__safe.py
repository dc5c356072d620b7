"""Renames a group; the new name is escaped as an RDN value."""

import os

from flask import Flask, request
from ldap3 import Connection, Server
from ldap3.utils.dn import escape_rdn

app = Flask(__name__)
SERVER = Server(os.environ["LDAP_URL"])


@app.post("/groups/rename")
def rename():
    conn = Connection(
        SERVER, os.environ["LDAP_ADMIN_DN"], os.environ["LDAP_ADMIN_PW"], auto_bind=True
    )
    old = "cn=team-a,ou=groups,dc=example,dc=com"
    conn.modify_dn(old, "cn=" + escape_rdn(request.form["new_name"]))
    return conn.result["description"]
