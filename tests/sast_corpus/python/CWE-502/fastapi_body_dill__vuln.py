"""Receives a trained feature transformer from the notebook service, serialised with dill."""

import dill
from fastapi import FastAPI, Request

app = FastAPI()
TRANSFORMERS: dict[str, object] = {}


@app.put("/transformers/{name}")
async def put_transformer(name: str, request: Request) -> dict:
    TRANSFORMERS[name] = dill.loads(await request.body())
    return {"stored": name}
