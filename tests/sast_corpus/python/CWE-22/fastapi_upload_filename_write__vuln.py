"""Stores an uploaded receipt under the client's file name."""

import os

from fastapi import FastAPI, UploadFile

app = FastAPI()
RECEIPTS = "/srv/receipts"


@app.post("/receipts")
async def upload_receipt(file: UploadFile) -> dict:
    with open(os.path.join(RECEIPTS, file.filename or "receipt"), "wb") as out:
        out.write(await file.read())
    return {"stored": file.filename}
