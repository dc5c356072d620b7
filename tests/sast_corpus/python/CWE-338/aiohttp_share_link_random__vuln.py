"""aiohttp handler that creates a private share link for a document."""

import random

from aiohttp import web

SHARES: dict[str, int] = {}


async def share(request: web.Request) -> web.Response:
    document = int(request.match_info["doc"])
    slug = f"{random.getrandbits(80):x}"
    SHARES[slug] = document
    return web.json_response({"url": f"/s/{slug}"})
