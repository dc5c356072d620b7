"""FastAPI page rendered with Jinja2Templates, which escapes .html templates."""

from fastapi import FastAPI, Request
from fastapi.templating import Jinja2Templates

app = FastAPI()
templates = Jinja2Templates(directory="templates")


@app.get("/hello/{name}")
def hello(request: Request, name: str):
    return templates.TemplateResponse(request, "hello.html", {"name": name})
