"""Computes a feature flag rollout from an expression sent by the edge proxy in a header."""

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/flags")
def flags():
    rule = request.headers.get("X-Rollout-Rule", "False")
    user_id = request.args.get("user", 0, type=int)
    return jsonify(new_ui=bool(eval(rule, {"user_id": user_id})))
