"""Accepts a fine-tuned checkpoint upload, loading tensors only (weights_only=True)."""

import io

import torch
from fastapi import FastAPI, UploadFile

app = FastAPI()


@app.post("/checkpoints")
async def upload_checkpoint(file: UploadFile) -> dict:
    state = torch.load(io.BytesIO(await file.read()), map_location="cpu", weights_only=True)
    return {"tensors": len(state)}
