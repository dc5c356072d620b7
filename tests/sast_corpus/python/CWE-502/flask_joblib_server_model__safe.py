"""Predicts with the model the service ships; the request supplies only the feature values."""

import joblib
from flask import Flask, jsonify, request

app = Flask(__name__)
MODEL = joblib.load("/opt/service/models/churn-v3.joblib")


@app.post("/predict")
def predict():
    features = [float(x) for x in request.get_json()["features"]]
    return jsonify(churn=float(MODEL.predict_proba([features])[0][1]))
