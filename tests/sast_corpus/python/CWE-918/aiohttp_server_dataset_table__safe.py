"""aiohttp handler that downloads one of the published datasets named in the query string."""

from aiohttp import ClientSession, ClientTimeout, web

DATASETS = {
    "cities": "https://data.example.com/cities.csv",
    "airports": "https://data.example.com/airports.csv",
}


async def download(request: web.Request) -> web.Response:
    url = DATASETS.get(request.query.get("dataset", ""))
    if url is None:
        raise web.HTTPNotFound()
    timeout = ClientTimeout(total=30)
    async with ClientSession(timeout=timeout) as session, session.get(url) as response:
        data = await response.read()
    return web.json_response({"bytes": len(data)})
