"""Proxies a document from the archive; the name is quoted into one path segment first."""

from urllib.parse import quote, urljoin

import requests
from flask import Flask, Response, request

app = Flask(__name__)
ARCHIVE = "https://archive.internal.example.com/docs/"


@app.get("/archive")
def archive():
    url = urljoin(ARCHIVE, quote(request.args["doc"], safe=""))
    return Response(requests.get(url, timeout=10).content, mimetype="application/pdf")
