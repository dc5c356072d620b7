"""Keeps a compressed shopping basket in a cookie as a pickle."""

import base64
import pickle
import zlib

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/basket")
def basket():
    raw = request.cookies.get("basket")
    items = pickle.loads(zlib.decompress(base64.b64decode(raw))) if raw else []
    return jsonify(count=len(items))
