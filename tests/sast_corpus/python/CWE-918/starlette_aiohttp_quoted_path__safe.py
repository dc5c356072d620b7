"""Starlette endpoint that fetches an article preview from our CMS; the slug is quoted."""

from urllib.parse import quote

import aiohttp
from starlette.requests import Request
from starlette.responses import JSONResponse

CMS = "https://cms.internal.example.com/articles/"


async def unfurl(request: Request) -> JSONResponse:
    slug = quote(request.query_params["slug"], safe="")
    timeout = aiohttp.ClientTimeout(total=5)
    async with aiohttp.ClientSession(timeout=timeout) as session, session.get(CMS + slug) as page:
        body = await page.text()
    return JSONResponse({"length": len(body)})
