"""Parses a coordinate pair from the query string with ast.literal_eval."""

import ast

from flask import Flask, abort, jsonify, request

app = Flask(__name__)


@app.get("/map/point")
def point():
    try:
        x, y = ast.literal_eval(request.args.get("xy", "(0, 0)"))
    except (ValueError, SyntaxError, TypeError):
        abort(400)
    return jsonify(x=float(x), y=float(y))
