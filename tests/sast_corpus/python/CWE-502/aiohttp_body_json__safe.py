"""aiohttp handler that receives cache entries from peer nodes as JSON."""

from aiohttp import web

CACHE: dict[str, object] = {}


async def put_entry(request: web.Request) -> web.Response:
    key = request.match_info["key"]
    CACHE[key] = await request.json()
    return web.json_response({"stored": key})
