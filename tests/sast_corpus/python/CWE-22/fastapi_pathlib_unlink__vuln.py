"""Deletes a cached thumbnail named in the JSON body."""

from pathlib import Path

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
THUMBS = Path("/srv/cache/thumbs")


class Purge(BaseModel):
    thumbnail: str


@app.post("/thumbnails/purge")
def purge(body: Purge) -> dict:
    THUMBS.joinpath(body.thumbnail).unlink(missing_ok=True)
    return {"purged": body.thumbnail}
