"""Fetches a partner's price list; the host check only looks for a substring."""

from urllib.parse import urlparse

import requests
from flask import Flask, abort, jsonify, request

app = Flask(__name__)


@app.get("/prices")
def prices():
    url = request.args["url"]
    if "partner.example.com" not in urlparse(url).netloc:
        abort(400)
    return jsonify(prices=requests.get(url, timeout=5).json())
