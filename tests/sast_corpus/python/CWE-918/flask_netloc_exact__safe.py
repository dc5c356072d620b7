"""Mirrors an asset from the CDN; the parsed scheme and network location must match exactly."""

from urllib.parse import urlsplit

import requests
from flask import Flask, Response, abort, request

app = Flask(__name__)


@app.get("/mirror")
def mirror():
    asset = request.args.get("asset", "")
    parts = urlsplit(asset)
    if parts.scheme != "https" or parts.netloc != "cdn.example.com":
        abort(400)
    content = requests.get(asset, timeout=10, allow_redirects=False).content
    return Response(content, mimetype="application/octet-stream")
