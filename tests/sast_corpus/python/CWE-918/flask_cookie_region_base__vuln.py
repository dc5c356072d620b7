"""Loads the profile from the regional API whose base URL the front end keeps in a cookie."""

import requests
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/me")
def me():
    base = request.cookies.get("api_base", "https://eu.api.example.com")
    profile = requests.get(base + "/v1/me", timeout=5).json()
    return jsonify(name=profile.get("name"))
