"""Starlette endpoint that checks whether a mail alias is free, alias escaped."""

import os

from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars
from starlette.responses import JSONResponse

SERVER = Server(os.environ["LDAP_URL"])


async def alias_free(request):
    form = await request.form()
    alias = escape_filter_chars(str(form["alias"]))
    conn = Connection(SERVER, auto_bind=True)
    conn.search("dc=example,dc=com", f"(mailAlternateAddress={alias})")
    return JSONResponse({"free": not conn.entries})
