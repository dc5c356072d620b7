"""aiohttp handler that sets the session id cookie."""

import secrets

from aiohttp import web


async def login(request: web.Request) -> web.Response:
    response = web.Response(text="welcome")
    response.set_cookie("AIOHTTP_SESSION", secrets.token_urlsafe(32), httponly=True)
    return response
