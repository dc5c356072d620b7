"""Sends a sample event to a Slack webhook typed into the form; only Slack's host is accepted."""

from urllib.parse import urlsplit

import requests
from flask import Flask, abort, jsonify, request

app = Flask(__name__)


@app.post("/integrations/test")
def test_integration():
    target = request.form["webhook_url"]
    parts = urlsplit(target)
    if parts.scheme != "https" or parts.hostname != "hooks.slack.com" or parts.port:
        abort(400)
    response = requests.post(target, json={"text": "test"}, timeout=5, allow_redirects=False)
    return jsonify(status=response.status_code)
