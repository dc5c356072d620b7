"""Reads the health endpoint of a node named in the path, looked up in the node registry."""

import requests
from fastapi import FastAPI, HTTPException

app = FastAPI()
NODES = {"node-a": "10.0.4.11", "node-b": "10.0.4.12", "node-c": "10.0.4.13"}


@app.get("/nodes/{name}/health")
def node_health(name: str) -> dict:
    address = NODES.get(name)
    if address is None:
        raise HTTPException(status_code=404, detail="unknown node")
    response = requests.get(f"http://{address}:8080/healthz", timeout=3)
    return {"healthy": response.ok}
