"""Link checker for the wiki editor: sends a HEAD request to every link in the posted page."""

import requests
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/wiki/check-links")
def check_links():
    results = {}
    for link in request.get_json().get("links", [])[:50]:
        results[link] = requests.head(link, timeout=3).status_code
    return jsonify(results)
