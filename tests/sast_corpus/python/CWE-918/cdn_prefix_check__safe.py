"""Mirrors an asset, but only from the company CDN."""

import requests
from flask import Flask, abort, request

app = Flask(__name__)


@app.get("/mirror")
def mirror():
    asset = request.args.get("asset", "")
    if not asset.startswith("https://cdn.example.com/"):
        abort(400)
    return requests.get(asset, timeout=10).content
