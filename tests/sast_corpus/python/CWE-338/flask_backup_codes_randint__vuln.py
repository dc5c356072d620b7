"""Generates the ten recovery codes shown when a user turns on two-factor login."""

import random

from flask import Flask, jsonify, session

app = Flask(__name__)


@app.post("/2fa/recovery-codes")
def recovery_codes():
    codes = [f"{random.randint(0, 99999999):08d}" for _ in range(10)]
    session["recovery_codes"] = codes
    return jsonify(codes=codes)
