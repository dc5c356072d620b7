"""Commits the wiki page just saved; the raw body is passed to git as one argument."""

import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.post("/wiki/commit")
def commit():
    message = request.get_data(as_text=True)
    subprocess.run(["git", "-C", "/srv/wiki", "commit", "-am", message], check=True, timeout=30)
    return "", 201
