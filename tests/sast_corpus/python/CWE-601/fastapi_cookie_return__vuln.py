"""FastAPI endpoint that returns the user to the URL kept in a cookie."""

from typing import Annotated

from fastapi import Cookie, FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.get("/back")
def back(return_to: Annotated[str, Cookie()] = "/"):
    return RedirectResponse(return_to)
