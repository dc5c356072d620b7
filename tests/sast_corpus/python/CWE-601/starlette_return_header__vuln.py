"""Starlette endpoint that redirects to the X-Return-To header."""

from starlette.applications import Starlette
from starlette.responses import RedirectResponse
from starlette.routing import Route


async def finish(request):
    return RedirectResponse(request.headers.get("x-return-to", "/"))


app = Starlette(routes=[Route("/finish", finish)])
