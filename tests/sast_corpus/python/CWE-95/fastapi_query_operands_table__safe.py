"""Small arithmetic service: typed operands and an operator looked up in a table."""

import operator

from fastapi import FastAPI, HTTPException

app = FastAPI()
OPERATORS = {"add": operator.add, "sub": operator.sub, "mul": operator.mul}


@app.get("/compute")
def compute(left: float, op: str, right: float) -> dict:
    if op not in OPERATORS:
        raise HTTPException(status_code=400, detail="unknown operator")
    return {"result": OPERATORS[op](left, right)}
