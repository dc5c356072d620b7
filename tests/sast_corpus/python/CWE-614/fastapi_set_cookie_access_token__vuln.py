"""FastAPI login that puts the access token in a cookie."""

import secrets

from fastapi import FastAPI, Response

app = FastAPI()


@app.post("/login")
def login(response: Response):
    response.set_cookie(key="access_token", value=secrets.token_urlsafe(32), httponly=True)
    return {"ok": True}
