"""Stores an uploaded receipt under a server-generated name, keeping only a known extension."""

import os
import uuid

from fastapi import FastAPI, UploadFile

app = FastAPI()
RECEIPTS = "/srv/receipts"
EXTENSIONS = {".pdf", ".png", ".jpg"}


@app.post("/receipts")
async def upload_receipt(file: UploadFile) -> dict:
    extension = os.path.splitext(file.filename or "")[1].lower()
    stored = uuid.uuid4().hex + (extension if extension in EXTENSIONS else "")
    with open(os.path.join(RECEIPTS, stored), "wb") as out:
        out.write(await file.read())
    return {"stored": stored}
