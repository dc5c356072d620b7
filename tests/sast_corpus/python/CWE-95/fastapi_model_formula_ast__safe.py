"""Evaluates a pricing formula from the JSON body with a small AST walker for + - * /."""

import ast
import operator

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

app = FastAPI()
OPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


class Quote(BaseModel):
    formula: str
    base: float


def evaluate(node: ast.AST, base: float) -> float:
    if isinstance(node, ast.Expression):
        return evaluate(node.body, base)
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.Name) and node.id == "base":
        return base
    if isinstance(node, ast.BinOp) and type(node.op) in OPS:
        return OPS[type(node.op)](evaluate(node.left, base), evaluate(node.right, base))
    raise ValueError("unsupported expression")


@app.post("/quotes")
def quote(body: Quote) -> dict:
    try:
        total = evaluate(ast.parse(body.formula, mode="eval"), body.base)
    except (SyntaxError, ValueError, ZeroDivisionError) as exc:
        raise HTTPException(status_code=400, detail="bad formula") from exc
    return {"total": total}
