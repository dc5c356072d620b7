"""Generates the ten recovery codes for two-factor login with secrets.randbelow."""

import secrets

from flask import Flask, jsonify, session

app = Flask(__name__)


@app.post("/2fa/recovery-codes")
def recovery_codes():
    codes = [f"{secrets.randbelow(100_000_000):08d}" for _ in range(10)]
    session["recovery_codes"] = codes
    return jsonify(codes=codes)
