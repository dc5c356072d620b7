"""FastAPI login that shares the session cookie across subdomains."""

import secrets

from fastapi import FastAPI, Response

app = FastAPI()


@app.post("/login")
def login(response: Response):
    response.set_cookie(
        "session", secrets.token_urlsafe(32), domain=".example.com", httponly=True, samesite="lax"
    )
    return {"ok": True}
