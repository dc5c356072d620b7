"""Pings the agent of a registered server; the path carries the server's numeric id."""

import requests
from flask import Flask, abort, jsonify

app = Flask(__name__)
AGENTS = {1: "agent-1.internal.example.com", 2: "agent-2.internal.example.com"}


@app.get("/agents/<int:agent_id>/ping")
def ping_agent(agent_id):
    host = AGENTS.get(agent_id)
    if host is None:
        abort(404)
    response = requests.get("http://" + host + ":9000/ping", timeout=3)
    return jsonify(alive=response.ok)
