"""A Werkzeug app that finds the owner of a laptop by serial number."""

import os

import ldap
from werkzeug.wrappers import Request, Response


@Request.application
def application(request):
    serial = request.args.get("serial", "")
    conn = ldap.initialize(os.environ["LDAP_URL"])
    hits = conn.search_s(
        "ou=assets,dc=example,dc=com", ldap.SCOPE_ONELEVEL, f"(serialNumber={serial})", ["owner"]
    )
    return Response(repr(hits), mimetype="text/plain")
