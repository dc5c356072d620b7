"""Serves a user's exported report; the name is a path parameter."""

from fastapi import FastAPI
from fastapi.responses import FileResponse

app = FastAPI()


@app.get("/reports/{name:path}")
def report(name: str) -> FileResponse:
    return FileResponse(f"/srv/reports/{name}", media_type="text/csv")
