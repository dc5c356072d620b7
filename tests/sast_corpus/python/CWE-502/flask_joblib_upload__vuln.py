"""Swaps in a scikit-learn model that a data scientist uploads through the admin page."""

import joblib
from flask import Flask, request

app = Flask(__name__)
MODELS: dict[str, object] = {}


@app.post("/admin/models/<name>")
def replace_model(name):
    MODELS[name] = joblib.load(request.files["model"].stream)
    return "", 204
