"""Loads an uploaded CSV export for the analytics preview."""

import pandas as pd
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/analytics/preview")
def preview():
    frame = pd.read_csv(request.files["frame"].stream, nrows=10_000)
    return jsonify(rows=len(frame), columns=list(frame.columns))
