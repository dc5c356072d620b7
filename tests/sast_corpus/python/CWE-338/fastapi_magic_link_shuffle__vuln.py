"""Mails a passwordless login link whose token is a shuffled alphabet slice."""

import random
import string

from fastapi import FastAPI

app = FastAPI()
LINKS: dict[str, str] = {}


@app.post("/login/magic")
def magic_link(email: str) -> dict:
    letters = list(string.ascii_letters + string.digits)
    random.shuffle(letters)
    token = "".join(letters[:40])
    LINKS[token] = email
    return {"sent": True}
