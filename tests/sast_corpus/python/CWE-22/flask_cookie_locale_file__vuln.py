"""Loads the translation table for the language kept in a cookie."""

import json

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/i18n")
def translations():
    language = request.cookies.get("lang", "en")
    with open(f"/srv/app/locales/{language}.json", encoding="utf-8") as handle:
        return jsonify(json.load(handle))
