"""Chooses a chart scale from the named scales the chart library supports."""

import math

from flask import Flask, abort, jsonify, request

app = Flask(__name__)
SCALES = {"linear": 1.0, "log10": 1 / math.log(10), "percent": 100.0}


@app.get("/charts/scale")
def chart_scale():
    name = request.args.get("scale", "linear")
    if name not in SCALES:
        abort(400)
    return jsonify(scale=SCALES[name])
