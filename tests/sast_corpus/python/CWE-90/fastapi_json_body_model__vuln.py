"""FastAPI endpoint that searches contacts by the fields of a JSON body."""

import os

from fastapi import FastAPI
from ldap3 import Connection, Server
from pydantic import BaseModel

app = FastAPI()
SERVER = Server(os.environ["LDAP_URL"])


class ContactQuery(BaseModel):
    company: str
    city: str


@app.post("/contacts/search")
def contacts(body: ContactQuery):
    query = f"(&(o={body.company})(l={body.city}))"
    conn = Connection(SERVER, auto_bind=True)
    conn.search("ou=contacts,dc=example,dc=com", query, attributes=["cn"])
    return [str(e.cn) for e in conn.entries]
