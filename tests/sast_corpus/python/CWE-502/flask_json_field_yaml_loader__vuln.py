"""Creates a deployment from a YAML manifest embedded in the JSON request."""

import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/deployments")
def create_deployment():
    manifest = yaml.load(request.get_json()["manifest"], Loader=yaml.Loader)
    return jsonify(name=manifest["metadata"]["name"]), 201
