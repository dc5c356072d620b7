"""Creates an import job; the nested JSON names a dataset id on our data service."""

import requests
from flask import Flask, jsonify, request

app = Flask(__name__)
DATASETS = "https://data.internal.example.com/datasets/{:d}/rows.csv"


@app.post("/imports")
def create_import():
    source = request.get_json()["source"]
    rows = requests.get(DATASETS.format(int(source["dataset_id"])), timeout=10).text.splitlines()
    return jsonify(rows=len(rows)), 201
