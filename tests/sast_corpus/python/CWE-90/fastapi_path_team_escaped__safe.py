"""FastAPI endpoint that lists a team's members; the team name is escaped."""

import os

from fastapi import FastAPI
from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = FastAPI()
SERVER = Server(os.environ["LDAP_URL"])


@app.get("/teams/{team}/members")
def team_members(team: str):
    conn = Connection(SERVER, auto_bind=True)
    conn.search(
        "ou=teams,dc=example,dc=com",
        "(cn=" + escape_filter_chars(team) + ")",
        attributes=["member"],
    )
    return [str(e.member) for e in conn.entries]
