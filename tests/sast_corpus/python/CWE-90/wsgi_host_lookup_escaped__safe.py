"""A bare WSGI app that resolves a host's owner; the host name is escaped."""

import os
from urllib.parse import parse_qs

import ldap
from ldap.filter import escape_filter_chars


def application(environ, start_response):
    host = parse_qs(environ.get("QUERY_STRING", "")).get("host", [""])[0]
    conn = ldap.initialize(os.environ["LDAP_URL"])
    query = f"(cn={escape_filter_chars(host)})"
    found = conn.search_s("ou=hosts,dc=example,dc=com", ldap.SCOPE_ONELEVEL, query, ["owner"])
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [repr(found).encode()]
