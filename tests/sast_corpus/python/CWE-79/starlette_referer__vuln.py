"""Starlette page that offers a link back to the referring page."""

from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route


async def back(request):
    referer = request.headers.get("referer", "/")
    return HTMLResponse(f"<a href='{referer}'>Go back</a>")


app = Starlette(routes=[Route("/back", back)])
