"""Gateway route that forwards to an upstream chosen by header from the service table."""

from urllib.parse import quote

import httpx
from fastapi import FastAPI, Header, HTTPException

app = FastAPI()
UPSTREAMS = {"billing": "http://billing.svc:8080", "search": "http://search.svc:8080"}


@app.get("/gateway/{path:path}")
async def forward(path: str, x_upstream: str = Header(...)) -> dict:
    base = UPSTREAMS.get(x_upstream)
    if base is None:
        raise HTTPException(status_code=400, detail="unknown upstream")
    async with httpx.AsyncClient(base_url=base, timeout=10.0) as client:
        response = await client.get("/" + quote(path))
    return {"status": response.status_code}
