"""Creates a download token after seeding the generator with the current time."""

import random
import time

from flask import Flask, jsonify

app = Flask(__name__)
DOWNLOADS: dict[str, str] = {}


@app.post("/exports/<int:export_id>/link")
def export_link(export_id):
    random.seed(time.time())
    token = f"{random.getrandbits(64):016x}"
    DOWNLOADS[token] = f"/srv/exports/{export_id:d}.zip"
    return jsonify(url=f"/downloads/{token}")
