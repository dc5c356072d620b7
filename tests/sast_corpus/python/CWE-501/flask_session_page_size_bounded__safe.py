"""Stores the list page size in the session, clamped to a sane range."""

from flask import Flask, request, session

app = Flask(__name__)


@app.post("/list/page-size")
def page_size():
    size = request.form.get("size", 25, type=int) or 25
    session["page_size"] = max(10, min(size, 100))
    return "", 204
