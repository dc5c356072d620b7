"""Creates an e-mail verification token by hashing bytes from os.urandom."""

import hashlib
import os

from flask import Flask, request

app = Flask(__name__)
VERIFICATIONS: dict[str, str] = {}


@app.post("/signup")
def signup():
    token = hashlib.sha256(os.urandom(32)).hexdigest()
    VERIFICATIONS[token] = request.form["email"]
    return "", 201
