"""API explorer: replays a request against our public API; only the endpoint path is chosen."""

import requests
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
http = requests.Session()
ENDPOINTS = {"users": "/v1/users", "orders": "/v1/orders", "health": "/healthz"}


@app.post("/explorer/send")
def send():
    path = ENDPOINTS.get(request.get_json().get("endpoint", ""))
    if path is None:
        abort(400)
    response = http.request("GET", "https://api.example.com" + path, timeout=10)
    return jsonify(status=response.status_code, length=len(response.content))
