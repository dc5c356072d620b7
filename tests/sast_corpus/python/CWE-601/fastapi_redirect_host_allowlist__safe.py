"""FastAPI endpoint that redirects to 'to' when its host is on an allow-list."""

from urllib.parse import urlsplit

from fastapi import FastAPI, HTTPException
from fastapi.responses import RedirectResponse

app = FastAPI()
ALLOWED_HOSTS = {"example.com", "www.example.com", "help.example.com"}


@app.get("/redirect")
def do_redirect(to: str):
    parts = urlsplit(to)
    if parts.scheme != "https" or parts.hostname not in ALLOWED_HOSTS:
        raise HTTPException(status_code=400, detail="redirect target not allowed")
    return RedirectResponse(url=to)
