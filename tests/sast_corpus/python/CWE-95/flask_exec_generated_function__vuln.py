"""Builds a row predicate function from source text with the user's condition inside it."""

from flask import Flask, jsonify, request

app = Flask(__name__)
ROWS = [{"age": 31, "country": "DE"}, {"age": 17, "country": "FR"}]


@app.get("/rows")
def rows():
    condition = request.args.get("if", "True")
    namespace: dict = {}
    exec(f"def keep(row):\n    return {condition}\n", namespace)
    return jsonify([r for r in ROWS if namespace["keep"](r)])
