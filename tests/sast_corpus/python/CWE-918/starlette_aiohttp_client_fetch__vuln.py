"""Starlette endpoint that fetches an OpenGraph page for a link the user pasted."""

import aiohttp
from starlette.requests import Request
from starlette.responses import JSONResponse


async def unfurl(request: Request) -> JSONResponse:
    link = request.query_params["link"]
    timeout = aiohttp.ClientTimeout(total=5)
    async with aiohttp.ClientSession(timeout=timeout) as session, session.get(link) as page:
        body = await page.text()
    return JSONResponse({"length": len(body)})
