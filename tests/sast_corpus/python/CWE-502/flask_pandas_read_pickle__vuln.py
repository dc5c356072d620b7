"""Loads an uploaded DataFrame export for the analytics preview."""

import pandas as pd
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/analytics/preview")
def preview():
    frame = pd.read_pickle(request.files["frame"].stream)
    return jsonify(rows=len(frame), columns=list(frame.columns))
