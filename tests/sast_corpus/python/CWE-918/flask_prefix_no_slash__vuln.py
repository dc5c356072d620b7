"""Mirrors an asset from the CDN; the prefix check lacks the trailing slash
(https://cdn.example.com.attacker.net/ passes)."""

import requests
from flask import Flask, Response, abort, request

app = Flask(__name__)


@app.get("/mirror")
def mirror():
    asset = request.args.get("asset", "")
    if not asset.startswith("https://cdn.example.com"):
        abort(400)
    return Response(requests.get(asset, timeout=10).content, mimetype="application/octet-stream")
