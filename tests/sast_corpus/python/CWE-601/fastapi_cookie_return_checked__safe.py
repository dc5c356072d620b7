"""FastAPI endpoint that returns the user to the cookie's URL only if it is a local path."""

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Cookie, FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.get("/back")
def back(return_to: Annotated[str, Cookie()] = "/"):
    parts = urlsplit(return_to)
    if parts.scheme or parts.netloc or not return_to.startswith("/"):
        return_to = "/"
    return RedirectResponse(return_to)
