"""Parses a coordinate pair from the query string through builtins.eval."""

import builtins

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/map/point")
def point():
    x, y = builtins.eval(request.args.get("xy", "(0, 0)"))
    return jsonify(x=float(x), y=float(y))
