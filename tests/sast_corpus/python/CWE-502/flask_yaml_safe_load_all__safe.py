"""Applies a multi-document YAML bundle of resources posted by a client, safely loaded."""

import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/bundles/apply")
def apply_bundle():
    documents = list(yaml.safe_load_all(request.get_data()))
    return jsonify(resources=len(documents))
