"""Starlette endpoint that issues a bearer token for the mobile app."""

import random
import string

from starlette.requests import Request
from starlette.responses import JSONResponse

TOKENS: dict[str, str] = {}


async def issue_token(request: Request) -> JSONResponse:
    form = await request.form()
    token = "".join(random.choice(string.ascii_letters) for _ in range(48))
    TOKENS[token] = str(form["device"])
    return JSONResponse({"access_token": token, "token_type": "bearer"})
