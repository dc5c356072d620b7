"""Pings the agent on a customer server; the host is part of the URL path."""

import requests
from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/agents/<host>/ping")
def ping_agent(host):
    response = requests.get("http://" + host + ":9000/ping", timeout=3)
    return jsonify(alive=response.ok)
