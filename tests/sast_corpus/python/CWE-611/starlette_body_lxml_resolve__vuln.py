"""Starlette endpoint that receives payment notifications as XML."""

from lxml import etree
from starlette.requests import Request
from starlette.responses import PlainTextResponse

PARSER = etree.XMLParser(resolve_entities=True)


async def payment_notification(request: Request) -> PlainTextResponse:
    note = etree.fromstring(await request.body(), PARSER)
    return PlainTextResponse(note.findtext("status") or "unknown")
