"""Checks whether a status page given in the query string is up."""

import httpx
from fastapi import FastAPI

app = FastAPI()


@app.get("/uptime")
def uptime(url: str) -> dict:
    response = httpx.get(url, timeout=5.0)
    return {"up": response.is_success}
