"""Gateway route that forwards to the upstream service named in the X-Upstream header."""

import httpx
from fastapi import FastAPI, Header

app = FastAPI()


@app.get("/gateway/{path:path}")
async def forward(path: str, x_upstream: str = Header(...)) -> dict:
    async with httpx.AsyncClient(timeout=10.0) as client:
        response = await client.get(f"{x_upstream}/{path}")
    return {"status": response.status_code}
