"""Forwards a search to the catalogue service as a query parameter."""

import requests
from flask import Flask, request

app = Flask(__name__)
CATALOGUE = "https://catalogue.internal.example.com/search"


@app.get("/search")
def search():
    params = {"q": request.args.get("q", ""), "limit": 20}
    return requests.get(CATALOGUE, params=params, timeout=5).json()
