"""A bare WSGI app that resolves a host's owner from the directory."""

import os
from urllib.parse import parse_qs

import ldap


def application(environ, start_response):
    host = parse_qs(environ.get("QUERY_STRING", "")).get("host", [""])[0]
    conn = ldap.initialize(os.environ["LDAP_URL"])
    found = conn.search_s(
        "ou=hosts,dc=example,dc=com", ldap.SCOPE_ONELEVEL, f"(cn={host})", ["owner"]
    )
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [repr(found).encode()]
