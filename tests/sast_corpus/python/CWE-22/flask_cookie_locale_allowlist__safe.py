"""Loads the translation table for the language kept in a cookie, from the languages we ship."""

import json

from flask import Flask, jsonify, request

app = Flask(__name__)
LANGUAGES = {"en", "de", "fr", "es"}


@app.get("/i18n")
def translations():
    language = request.cookies.get("lang", "en")
    if language not in LANGUAGES:
        language = "en"
    with open(f"/srv/app/locales/{language}.json", encoding="utf-8") as handle:
        return jsonify(json.load(handle))
