"""Small arithmetic service: two operands and an operator come in the query string."""

from fastapi import FastAPI

app = FastAPI()


@app.get("/compute")
def compute(left: str, op: str, right: str) -> dict:
    return {"result": eval(f"{left} {op} {right}")}
