"""Starlette endpoint that reports the referring page as plain text."""

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route


async def referer(request):
    return PlainTextResponse(f"You came from {request.headers.get('referer', 'nowhere')}")


app = Starlette(routes=[Route("/referer", referer)])
