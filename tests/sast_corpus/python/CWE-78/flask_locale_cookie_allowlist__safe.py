"""Formats today's date in the visitor's language, chosen from the locales we ship."""

import os
import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)
LOCALES = {"en": "en_US.UTF-8", "de": "de_DE.UTF-8", "fr": "fr_FR.UTF-8"}


@app.get("/today")
def today():
    locale = LOCALES.get(request.cookies.get("locale", "en"), "en_US.UTF-8")
    env = {**os.environ, "LC_TIME": locale}
    out = subprocess.check_output("date +%A", shell=True, text=True, env=env, timeout=5)
    return jsonify(day=out.strip())
