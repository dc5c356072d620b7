"""API explorer: replays a request with the method and address typed in by the user."""

import requests
from flask import Flask, jsonify, request

app = Flask(__name__)
http = requests.Session()


@app.post("/explorer/send")
def send():
    body = request.get_json()
    response = http.request(body.get("method", "GET"), body["url"], timeout=10)
    return jsonify(status=response.status_code, length=len(response.content))
