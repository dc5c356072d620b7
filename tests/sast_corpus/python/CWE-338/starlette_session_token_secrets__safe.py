"""Starlette endpoint that issues a bearer token for the mobile app from secrets."""

import secrets

from starlette.requests import Request
from starlette.responses import JSONResponse

TOKENS: dict[str, str] = {}


async def issue_token(request: Request) -> JSONResponse:
    form = await request.form()
    token = secrets.token_urlsafe(36)
    TOKENS[token] = str(form["device"])
    return JSONResponse({"access_token": token, "token_type": "bearer"})
