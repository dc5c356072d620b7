"""Lists all active staff; the requester's name is only logged."""

import logging
import os

from flask import Flask, jsonify, request
from ldap3 import Connection, Server

app = Flask(__name__)
log = logging.getLogger(__name__)
SERVER = Server(os.environ["LDAP_URL"])


@app.get("/staff")
def staff():
    log.info("staff list requested by %s", request.headers.get("X-Remote-User"))
    conn = Connection(SERVER, auto_bind=True)
    conn.search("ou=people,dc=example,dc=com", "(&(objectClass=person)(!(nsAccountLock=TRUE)))")
    return jsonify([e.entry_dn for e in conn.entries])
