"""Shows a random tip of the day on the dashboard."""

import random

from flask import Flask, jsonify

app = Flask(__name__)
TIPS = ["Press ? for shortcuts.", "Drag cards between columns.", "Star a board to pin it."]


@app.get("/tips/random")
def tip():
    return jsonify(tip=random.choice(TIPS))
