"""FastAPI endpoint that redirects to the 'to' query parameter."""

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.get("/redirect")
def do_redirect(to: str):
    return RedirectResponse(url=to)
