"""Applies a multi-document YAML bundle of resources posted by a client."""

import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/bundles/apply")
def apply_bundle():
    documents = list(yaml.load_all(request.get_data(), Loader=yaml.UnsafeLoader))
    return jsonify(resources=len(documents))
