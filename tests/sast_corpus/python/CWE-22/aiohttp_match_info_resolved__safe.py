"""aiohttp handler that serves a recording named in the route, kept inside the folder."""

from pathlib import Path

from aiohttp import web

RECORDINGS = Path("/srv/recordings").resolve()


async def recording(request: web.Request) -> web.FileResponse:
    target = (RECORDINGS / request.match_info["name"]).resolve()
    if target.parent != RECORDINGS or not target.is_file():
        raise web.HTTPNotFound()
    return web.FileResponse(target)
