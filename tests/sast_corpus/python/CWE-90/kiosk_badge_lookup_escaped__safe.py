"""Looks up a visitor badge number; the helper escapes it with filter_format."""

import os

import ldap
from flask import Flask, jsonify, request
from ldap.filter import filter_format

app = Flask(__name__)


def badge_filter(badge: str) -> str:
    return filter_format("(&(objectClass=visitor)(badgeNumber=%s))", [badge])


@app.get("/kiosk/badge")
def badge():
    conn = ldap.initialize(os.environ["LDAP_URL"])
    hits = conn.search_s(
        "ou=visitors,dc=example,dc=com", ldap.SCOPE_ONELEVEL, badge_filter(request.args["n"])
    )
    return jsonify([dn for dn, _ in hits])
