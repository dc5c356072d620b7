"""FastAPI endpoint that finds printers on a floor."""

import os

from fastapi import FastAPI
from ldap3 import Connection, Server

app = FastAPI()
SERVER = Server(os.environ["LDAP_URL"])


@app.get("/printers")
def printers(floor: str):
    conn = Connection(SERVER, auto_bind=True)
    conn.search("ou=devices,dc=example,dc=com", f"(&(objectClass=printer)(floor={floor}))")
    return [e.entry_dn for e in conn.entries]
