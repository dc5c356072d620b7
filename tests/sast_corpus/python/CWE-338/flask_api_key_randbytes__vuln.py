"""Creates a personal access token for the command-line client from random.randbytes."""

import random

from flask import Flask, jsonify, request

app = Flask(__name__)
TOKENS: dict[str, str] = {}


@app.post("/tokens")
def create_token():
    token = "pat_" + random.randbytes(24).hex()
    TOKENS[token] = request.form.get("label", "cli")
    return jsonify(token=token), 201
