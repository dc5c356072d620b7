"""aiohttp handler that accepts device configurations posted as XML."""

from aiohttp import web
from lxml import etree


async def post_config(request: web.Request) -> web.Response:
    parser = etree.XMLParser(resolve_entities=True, no_network=False)
    config = etree.fromstring(await request.read(), parser=parser)
    return web.json_response({"device": config.get("id")})
