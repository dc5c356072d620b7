"""aiohttp handler that accepts device configurations posted as XML, entities not resolved."""

from aiohttp import web
from lxml import etree


async def post_config(request: web.Request) -> web.Response:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    config = etree.fromstring(await request.read(), parser=parser)
    return web.json_response({"device": config.get("id")})
