"""Looks up a cached geocoding result in the server's own shelve; the request gives only the key."""

import shelve

from flask import Flask, jsonify, request

app = Flask(__name__)
CACHE = "/srv/cache/geocode"


@app.get("/geocode")
def geocode():
    address = request.args.get("q", "").strip().lower()
    with shelve.open(CACHE, flag="r") as cache:
        hit = cache.get(address)
    return jsonify(found=hit is not None, point=hit)
