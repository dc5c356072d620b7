"""Proxies a document from the archive; urljoin lets an absolute address replace the base."""

from urllib.parse import urljoin

import requests
from flask import Flask, Response, request

app = Flask(__name__)
ARCHIVE = "https://archive.internal.example.com/docs/"


@app.get("/archive")
def archive():
    url = urljoin(ARCHIVE, request.args["doc"])
    return Response(requests.get(url, timeout=10).content, mimetype="application/pdf")
