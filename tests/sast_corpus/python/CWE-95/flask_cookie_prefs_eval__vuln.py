"""Restores display preferences that the page stored in a cookie as a dict repr."""

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/prefs")
def prefs():
    stored = request.cookies.get("prefs", "{}")
    return jsonify(eval(stored))
