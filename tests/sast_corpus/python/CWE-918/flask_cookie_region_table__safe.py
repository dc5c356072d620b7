"""Loads the profile from the regional API; the region cookie selects from a fixed table."""

import requests
from flask import Flask, jsonify, request

app = Flask(__name__)
REGIONS = {"eu": "https://eu.api.example.com", "us": "https://us.api.example.com"}


@app.get("/me")
def me():
    base = REGIONS.get(request.cookies.get("region", "eu"), REGIONS["eu"])
    profile = requests.get(base + "/v1/me", timeout=5).json()
    return jsonify(name=profile.get("name"))
