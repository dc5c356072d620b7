"""Evaluates a binary operation chosen from a fixed table."""

import operator

OPERATIONS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


def evaluate(left: float, op: str, right: float) -> float:
    if op not in OPERATIONS:
        raise ValueError(f"unsupported operator {op!r}")
    return OPERATIONS[op](left, right)
