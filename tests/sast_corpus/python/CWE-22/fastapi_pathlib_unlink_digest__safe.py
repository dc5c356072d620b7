"""Deletes a cached thumbnail identified by its hex digest in the JSON body."""

import re
from pathlib import Path

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

app = FastAPI()
THUMBS = Path("/srv/cache/thumbs")
DIGEST = re.compile(r"^[0-9a-f]{64}$")


class Purge(BaseModel):
    thumbnail: str


@app.post("/thumbnails/purge")
def purge(body: Purge) -> dict:
    if not DIGEST.fullmatch(body.thumbnail):
        raise HTTPException(status_code=400, detail="thumbnail must be a sha256 digest")
    THUMBS.joinpath(body.thumbnail + ".webp").unlink(missing_ok=True)
    return {"purged": body.thumbnail}
