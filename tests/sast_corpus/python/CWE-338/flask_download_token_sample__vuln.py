"""Creates a one-time download token for a purchased e-book."""

import random
import string

from flask import Flask, jsonify

app = Flask(__name__)
DOWNLOADS: dict[str, int] = {}


@app.post("/books/<int:book_id>/download-token")
def download_token(book_id):
    token = "".join(random.sample(string.ascii_letters + string.digits, 20))
    DOWNLOADS[token] = book_id
    return jsonify(url=f"/downloads/{token}")
