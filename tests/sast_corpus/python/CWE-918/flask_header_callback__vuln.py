"""Starts an export and notifies the address in the X-Callback-URL header when it is queued."""

import requests
from flask import Flask, request

app = Flask(__name__)


@app.post("/exports")
def start_export():
    callback = request.headers.get("X-Callback-URL")
    if callback:
        requests.post(callback, json={"state": "queued"}, timeout=5)
    return "", 202
