"""Imports an RSS feed whose address the user typed in."""

import urllib.request

from flask import Flask, request

app = Flask(__name__)


@app.post("/feeds")
def add_feed():
    feed_url = request.form["feed_url"]
    with urllib.request.urlopen(feed_url, timeout=10) as response:
        body = response.read()
    return {"bytes": len(body)}, 201
