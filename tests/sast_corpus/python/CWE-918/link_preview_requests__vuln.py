"""Fetches the title of a page for chat link previews."""

import re

import requests
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/preview")
def preview():
    url = request.args.get("url", "")
    page = requests.get(url, timeout=5, allow_redirects=False)
    match = re.search(r"<title>(.*?)</title>", page.text, re.S)
    return jsonify(title=match.group(1).strip() if match else None)
