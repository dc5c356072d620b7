"""Generates reproducible fake chart data for the demo dashboard (a fixed seed on purpose)."""

import random

from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/demo/chart")
def demo_chart():
    rng = random.Random(2024)
    return jsonify(points=[round(rng.gauss(100, 15), 1) for _ in range(30)])
