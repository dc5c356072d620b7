"""Computes a feature flag rollout from a percentage sent by the edge proxy in a header."""

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/flags")
def flags():
    percent = max(0, min(100, int(request.headers.get("X-Rollout-Percent", "0"))))
    user_id = request.args.get("user", 0, type=int)
    return jsonify(new_ui=user_id % 100 < percent)
