"""A Werkzeug app that finds a laptop's owner; the serial is escaped."""

import os

import ldap
from ldap.filter import escape_filter_chars
from werkzeug.wrappers import Request, Response


@Request.application
def application(request):
    serial = escape_filter_chars(request.args.get("serial", ""))
    conn = ldap.initialize(os.environ["LDAP_URL"])
    hits = conn.search_s(
        "ou=assets,dc=example,dc=com", ldap.SCOPE_ONELEVEL, f"(serialNumber={serial})", ["owner"]
    )
    return Response(repr(hits), mimetype="text/plain")
