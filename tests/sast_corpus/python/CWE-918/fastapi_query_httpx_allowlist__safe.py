"""Checks whether one of our registered status pages is up; the query names it."""

import httpx
from fastapi import FastAPI, HTTPException

app = FastAPI()
STATUS_PAGES = {
    "api": "https://status.example.com/api",
    "web": "https://status.example.com/web",
}


@app.get("/uptime")
def uptime(page: str) -> dict:
    if page not in STATUS_PAGES:
        raise HTTPException(status_code=404, detail="unknown status page")
    response = httpx.get(STATUS_PAGES[page], timeout=5.0)
    return {"up": response.is_success}
