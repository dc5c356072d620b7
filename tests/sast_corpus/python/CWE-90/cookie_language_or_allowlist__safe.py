"""Finds help-desk agents for the cookie's language if it is a supported one."""

import os

from flask import Flask, jsonify, request
from ldap3 import Connection, Server

app = Flask(__name__)
SERVER = Server(os.environ["LDAP_URL"])
LANGUAGES = frozenset({"en", "de", "fr", "nl"})


@app.get("/agents")
def agents():
    lang = request.cookies.get("lang", "en")
    lang = lang if lang in LANGUAGES else "en"
    filters = ["(role=helpdesk)", "(preferredLanguage=" + lang + ")"]
    conn = Connection(SERVER, auto_bind=True)
    conn.search("ou=people,dc=example,dc=com", "(&" + "".join(filters) + ")", attributes=["cn"])
    return jsonify([str(e.cn) for e in conn.entries])
