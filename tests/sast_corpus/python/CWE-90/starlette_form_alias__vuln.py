"""Starlette endpoint that checks whether a mail alias is free."""

import os

from ldap3 import Connection, Server
from starlette.responses import JSONResponse

SERVER = Server(os.environ["LDAP_URL"])


async def alias_free(request):
    form = await request.form()
    conn = Connection(SERVER, auto_bind=True)
    conn.search("dc=example,dc=com", f"(mailAlternateAddress={form['alias']})")
    return JSONResponse({"free": not conn.entries})
