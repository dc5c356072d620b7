"""Fetches page titles only from hosts on an allow-list."""

import re
import urllib.parse

import requests
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
PREVIEW_HOSTS = {"docs.example.com", "blog.example.com"}


@app.get("/preview")
def preview():
    url = request.args.get("url", "")
    if urllib.parse.urlparse(url).hostname not in PREVIEW_HOSTS:
        abort(400)
    page = requests.get(url, timeout=5, allow_redirects=False)
    match = re.search(r"<title>(.*?)</title>", page.text, re.S)
    return jsonify(title=match.group(1).strip() if match else None)
