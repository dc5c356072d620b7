"""aiohttp handler that downloads a dataset from the address in the query string."""

from aiohttp import ClientSession, ClientTimeout, web


async def download(request: web.Request) -> web.Response:
    url = request.query["url"]
    timeout = ClientTimeout(total=30)
    async with ClientSession(timeout=timeout) as session, session.get(url) as response:
        data = await response.read()
    return web.json_response({"bytes": len(data)})
