"""Sends a sample event to the webhook address typed into the integration form."""

import requests
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/integrations/test")
def test_integration():
    target = request.form["webhook_url"]
    response = requests.post(target, json={"event": "test"}, timeout=5)
    return jsonify(status=response.status_code)
