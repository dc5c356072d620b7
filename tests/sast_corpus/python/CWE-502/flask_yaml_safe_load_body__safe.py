"""Parses a posted workflow file from the raw body with yaml.safe_load."""

import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/workflows/validate")
def validate_workflow():
    workflow = yaml.safe_load(request.get_data()) or {}
    return jsonify(steps=len(workflow.get("steps", [])))
