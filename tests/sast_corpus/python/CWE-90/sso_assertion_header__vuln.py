"""Maps the upstream SSO's e-mail header to a local account."""

import os

from flask import Flask, g, request
from ldap3 import Connection, Server

app = Flask(__name__)
SERVER = Server(os.environ["LDAP_URL"])


@app.before_request
def map_account():
    email = request.headers.get("X-Sso-Email", "")
    conn = Connection(SERVER, auto_bind=True)
    conn.search("dc=example,dc=com", "(mail={0})".format(email), attributes=["uid"])  # noqa: UP030, UP032
    g.uid = str(conn.entries[0].uid) if conn.entries else None
