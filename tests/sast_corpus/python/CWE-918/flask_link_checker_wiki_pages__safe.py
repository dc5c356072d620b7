"""Link checker for the wiki editor: checks internal page links against the wiki itself."""

from urllib.parse import quote

import requests
from flask import Flask, jsonify, request

app = Flask(__name__)
WIKI = "https://wiki.internal.example.com/pages/"


@app.post("/wiki/check-links")
def check_links():
    results = {}
    for page in request.get_json().get("pages", [])[:50]:
        results[page] = requests.head(WIKI + quote(str(page), safe=""), timeout=3).status_code
    return jsonify(results)
