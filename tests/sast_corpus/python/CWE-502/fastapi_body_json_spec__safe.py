"""Receives a feature transformer as a JSON spec of column scalings."""

from fastapi import FastAPI, Request

app = FastAPI()
TRANSFORMERS: dict[str, dict[str, float]] = {}


@app.put("/transformers/{name}")
async def put_transformer(name: str, request: Request) -> dict:
    spec = await request.json()
    TRANSFORMERS[name] = {str(col): float(factor) for col, factor in spec.items()}
    return {"stored": name}
