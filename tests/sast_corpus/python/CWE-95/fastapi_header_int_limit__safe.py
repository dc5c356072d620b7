"""Reads a per-client rate limit that a gateway passes as an integer header."""

from fastapi import FastAPI, Header

app = FastAPI()


@app.get("/quota")
def quota(x_client_per_minute: int = Header(60)) -> dict:
    return {"per_minute": max(1, min(x_client_per_minute, 10_000))}
