"""Starlette endpoint that redirects to the X-Return-To header's path only."""

from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.responses import RedirectResponse
from starlette.routing import Route


async def finish(request):
    path = urlsplit(request.headers.get("x-return-to", "/")).path
    if not path.startswith("/") or path.startswith("//"):
        path = "/"
    return RedirectResponse(path)


app = Starlette(routes=[Route("/finish", finish)])
