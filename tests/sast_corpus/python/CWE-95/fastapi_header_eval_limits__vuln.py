"""Reads per-client rate limits that a gateway passes as a Python dict in a header."""

from fastapi import FastAPI, Header

app = FastAPI()


@app.get("/quota")
def quota(x_client_limits: str = Header("{}")) -> dict:
    limits = eval(x_client_limits)
    return {"per_minute": int(limits.get("per_minute", 60))}
