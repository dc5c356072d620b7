"""Looks up a visitor badge number typed at the reception kiosk."""

import os

import ldap
from flask import Flask, jsonify, request

app = Flask(__name__)


def badge_filter(badge: str) -> str:
    return "(&(objectClass=visitor)(badgeNumber=%s))" % badge  # noqa: UP031


@app.get("/kiosk/badge")
def badge():
    conn = ldap.initialize(os.environ["LDAP_URL"])
    hits = conn.search_s(
        "ou=visitors,dc=example,dc=com", ldap.SCOPE_ONELEVEL, badge_filter(request.args["n"])
    )
    return jsonify([dn for dn, _ in hits])
