"""FastAPI endpoint that searches contacts by a JSON body, each field escaped."""

import os

from fastapi import FastAPI
from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars
from pydantic import BaseModel

app = FastAPI()
SERVER = Server(os.environ["LDAP_URL"])


class ContactQuery(BaseModel):
    company: str
    city: str


@app.post("/contacts/search")
def contacts(body: ContactQuery):
    company, city = escape_filter_chars(body.company), escape_filter_chars(body.city)
    conn = Connection(SERVER, auto_bind=True)
    conn.search("ou=contacts,dc=example,dc=com", f"(&(o={company})(l={city}))", attributes=["cn"])
    return [str(e.cn) for e in conn.entries]
