"""FastAPI endpoint that rotates the refresh token cookie, Secure and HttpOnly."""

import secrets

from fastapi import FastAPI
from fastapi.responses import JSONResponse

app = FastAPI()


@app.post("/refresh")
def refresh():
    response = JSONResponse({"rotated": True})
    response.set_cookie("refresh_token", secrets.token_urlsafe(48), httponly=True, secure=True)
    return response
