"""Finds help-desk agents who speak the language in the visitor's cookie."""

import os

from flask import Flask, jsonify, request
from ldap3 import Connection, Server

app = Flask(__name__)
SERVER = Server(os.environ["LDAP_URL"])


@app.get("/agents")
def agents():
    lang = request.cookies.get("lang", "en")
    filters = ["(role=helpdesk)", "(preferredLanguage=" + lang + ")"]
    conn = Connection(SERVER, auto_bind=True)
    conn.search("ou=people,dc=example,dc=com", "(&" + "".join(filters) + ")", attributes=["cn"])
    return jsonify([str(e.cn) for e in conn.entries])
