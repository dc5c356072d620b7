"""Imports a survey definition uploaded as YAML."""

import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/surveys/import")
def import_survey():
    survey = yaml.unsafe_load(request.files["survey"].read())
    return jsonify(questions=len(survey.get("questions", [])))
