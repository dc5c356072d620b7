"""Starlette endpoint that receives payment notifications as XML, parsed by xml.etree
(CPython's expat builder never fetches external entities)."""

import xml.etree.ElementTree as ET

from starlette.requests import Request
from starlette.responses import PlainTextResponse


async def payment_notification(request: Request) -> PlainTextResponse:
    note = ET.fromstring(await request.body())
    return PlainTextResponse(note.findtext("status") or "unknown")
