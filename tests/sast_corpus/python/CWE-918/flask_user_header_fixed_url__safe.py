"""Asks the fixed audit service to record an event; user data travels only in headers and body."""

import requests
from flask import Flask, request

app = Flask(__name__)
AUDIT = "https://audit.internal.example.com/events"


@app.post("/audit")
def audit():
    requests.post(
        AUDIT,
        json={"action": request.form.get("action", "")},
        headers={"X-Request-Id": request.headers.get("X-Request-Id", "")},
        timeout=5,
    )
    return "", 204
