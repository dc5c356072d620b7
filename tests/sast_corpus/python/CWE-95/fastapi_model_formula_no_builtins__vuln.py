"""Evaluates a pricing formula from the JSON body with builtins removed (still escapable)."""

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Quote(BaseModel):
    formula: str
    base: float


@app.post("/quotes")
def quote(body: Quote) -> dict:
    total = eval(body.formula, {"__builtins__": {}}, {"base": body.base})
    return {"total": float(total)}
