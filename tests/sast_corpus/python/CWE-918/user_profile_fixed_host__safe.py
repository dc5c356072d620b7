"""Proxies a user profile from the directory service; only the path varies."""

import urllib.parse

import requests
from flask import Flask, request

app = Flask(__name__)


@app.get("/profile")
def profile():
    user = urllib.parse.quote(request.args.get("user", ""), safe="")
    response = requests.get(f"https://directory.internal.example.com/users/{user}", timeout=5)
    return response.json()
