"""Picks one of the replica read endpoints at random to spread load."""

import random

import requests
from flask import Flask, jsonify

app = Flask(__name__)
REPLICAS = ["http://replica-1:8080", "http://replica-2:8080", "http://replica-3:8080"]


@app.get("/catalogue")
def catalogue():
    backend = random.choice(REPLICAS)
    return jsonify(requests.get(backend + "/catalogue", timeout=5).json())
