"""Creates an import job; the source address sits in a nested JSON object."""

import requests
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/imports")
def create_import():
    source = request.get_json()["source"]
    rows = requests.get(source["url"], timeout=10).text.splitlines()
    return jsonify(rows=len(rows)), 201
