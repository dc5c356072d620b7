"""Parses a posted workflow file with yaml.full_load; before PyYAML 5.4 FullLoader could build
arbitrary objects (CVE-2020-14343)."""

import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/workflows/validate")
def validate_workflow():
    workflow = yaml.full_load(request.get_data())
    return jsonify(steps=len(workflow.get("steps", [])))
