"""Formats today's date in the language kept in the visitor's locale cookie."""

import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/today")
def today():
    locale = request.cookies.get("locale", "en_US.UTF-8")
    out = subprocess.check_output(f"LC_TIME={locale} date +%A", shell=True, text=True, timeout=5)
    return jsonify(day=out.strip())
