"""Reads the caller's trace context, which an upstream service sends pickled in a header."""

import base64
import pickle

from fastapi import FastAPI, Header

app = FastAPI()


@app.get("/orders")
def orders(x_trace_context: str = Header("")) -> dict:
    context = pickle.loads(base64.b64decode(x_trace_context)) if x_trace_context else {}
    return {"trace": context.get("trace_id"), "orders": []}
