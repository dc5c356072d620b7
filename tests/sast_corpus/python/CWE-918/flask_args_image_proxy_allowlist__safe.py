"""Image proxy for the chat page; only https images from known hosts are fetched."""

from urllib.parse import urlparse

import requests
from flask import Flask, Response, abort, request

app = Flask(__name__)
IMAGE_HOSTS = {"images.example.com", "avatars.example.com"}


@app.get("/proxy/image")
def image_proxy():
    src = request.args["src"]
    parts = urlparse(src)
    if parts.scheme != "https" or parts.hostname not in IMAGE_HOSTS:
        abort(400)
    upstream = requests.get(src, timeout=5, stream=True, allow_redirects=False)
    return Response(upstream.raw.read(2_000_000), mimetype="application/octet-stream")
