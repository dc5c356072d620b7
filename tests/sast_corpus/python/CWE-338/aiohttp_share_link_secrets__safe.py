"""aiohttp handler that creates a private share link for a document from secrets."""

import secrets

from aiohttp import web

SHARES: dict[str, int] = {}


async def share(request: web.Request) -> web.Response:
    document = int(request.match_info["doc"])
    slug = secrets.token_urlsafe(16)
    SHARES[slug] = document
    return web.json_response({"url": f"/s/{slug}"})
