"""FastAPI greeting returned as JSON."""

from fastapi import FastAPI

app = FastAPI()


@app.get("/hello/{name}")
def hello(name: str):
    return {"greeting": f"<h1>Hello {name}</h1>"}
