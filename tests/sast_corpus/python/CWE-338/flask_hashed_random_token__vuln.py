"""Creates an e-mail verification token by hashing random.random() (hashing adds no entropy)."""

import hashlib
import random

from flask import Flask, request

app = Flask(__name__)
VERIFICATIONS: dict[str, str] = {}


@app.post("/signup")
def signup():
    token = hashlib.sha256(str(random.random()).encode()).hexdigest()
    VERIFICATIONS[token] = request.form["email"]
    return "", 201
