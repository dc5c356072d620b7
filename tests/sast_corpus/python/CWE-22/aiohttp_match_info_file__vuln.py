"""aiohttp handler that serves a recording named in the route (/recordings/{name})."""

from pathlib import Path

from aiohttp import web

RECORDINGS = Path("/srv/recordings")


async def recording(request: web.Request) -> web.FileResponse:
    return web.FileResponse(RECORDINGS / request.match_info["name"])
