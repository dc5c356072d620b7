"""Sends a test event to a webhook the user registered."""

import httpx
from fastapi import FastAPI

app = FastAPI()


@app.post("/webhooks/test")
async def test_webhook(target: str) -> dict:
    async with httpx.AsyncClient(timeout=5.0) as client:
        response = await client.post(target, json={"event": "ping"})
    return {"status": response.status_code}
