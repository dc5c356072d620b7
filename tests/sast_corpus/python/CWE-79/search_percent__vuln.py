"""Echoes the search term above the result list."""

# ruff: noqa: UP031

from flask import Flask, request

app = Flask(__name__)


@app.get("/search")
def search():
    term = request.args.get("q", "")
    return "<p>Results for <b>%s</b></p><ul></ul>" % term
