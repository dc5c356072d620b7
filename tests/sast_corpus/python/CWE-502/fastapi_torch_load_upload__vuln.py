"""Accepts a fine-tuned checkpoint upload; torch.load unpickles it (weights_only defaults to
False before PyTorch 2.6)."""

import io

import torch
from fastapi import FastAPI, UploadFile

app = FastAPI()


@app.post("/checkpoints")
async def upload_checkpoint(file: UploadFile) -> dict:
    state = torch.load(io.BytesIO(await file.read()), map_location="cpu")
    return {"tensors": len(state)}
