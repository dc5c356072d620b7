"""Sends the user back where they came from after saving settings."""

from flask import Flask, redirect, request

app = Flask(__name__)


@app.post("/settings")
def save_settings():
    back = request.headers.get("Referer", "/")
    return redirect(back, code=303)
