"""FastAPI greeting page for a name in the path."""

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/hello/{name}", response_class=HTMLResponse)
def hello(name: str):
    return f"<html><body><h1>Hello {name}</h1></body></html>"
