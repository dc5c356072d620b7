"""FastAPI endpoint that redirects /r/{target} to an address rebuilt from the path."""

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.get("/r/{target:path}")
def short(target: str):
    return RedirectResponse("//" + target, status_code=302)
