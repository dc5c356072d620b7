"""FastAPI form handler that shows the posted comment back."""

from typing import Annotated

from fastapi import FastAPI, Form
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.post("/comment")
def comment(body: Annotated[str, Form()]):
    page = "<article>" + body + "</article>"
    return HTMLResponse(page)
