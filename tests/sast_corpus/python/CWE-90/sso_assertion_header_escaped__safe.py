"""Maps the upstream SSO's e-mail header to a local account, header escaped."""

import os

from flask import Flask, g, request
from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
SERVER = Server(os.environ["LDAP_URL"])


@app.before_request
def map_account():
    email = escape_filter_chars(request.headers.get("X-Sso-Email", ""))
    conn = Connection(SERVER, auto_bind=True)
    conn.search("dc=example,dc=com", f"(mail={email})", attributes=["uid"])
    g.uid = str(conn.entries[0].uid) if conn.entries else None
