"""Creates a deployment from a YAML manifest embedded in the JSON request, safely loaded."""

import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/deployments")
def create_deployment():
    manifest = yaml.safe_load(request.get_json()["manifest"])
    return jsonify(name=manifest["metadata"]["name"]), 201
