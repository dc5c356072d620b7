"""Serves a user's exported report; the resolved path must stay under the reports folder."""

from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse

app = FastAPI()
REPORTS = Path("/srv/reports").resolve()


@app.get("/reports/{name:path}")
def report(name: str) -> FileResponse:
    target = (REPORTS / name).resolve()
    if not target.is_relative_to(REPORTS) or not target.is_file():
        raise HTTPException(status_code=404)
    return FileResponse(target, media_type="text/csv")
