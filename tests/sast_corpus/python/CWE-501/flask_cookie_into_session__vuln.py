"""Copies a legacy plan cookie into the signed session on first visit."""

from flask import Flask, request, session

app = Flask(__name__)


@app.get("/")
def index():
    if "plan" not in session:
        session["plan"] = request.cookies.get("legacy_plan", "free")
    return "home"
