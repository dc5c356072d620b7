"""Reads the health endpoint of a node whose host name is a path parameter."""

import requests
from fastapi import FastAPI

app = FastAPI()


@app.get("/nodes/{host}/health")
def node_health(host: str) -> dict:
    response = requests.get(f"http://{host}:8080/healthz", timeout=3)
    return {"healthy": response.ok}
