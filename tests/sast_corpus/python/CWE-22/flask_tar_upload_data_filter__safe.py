"""Unpacks an uploaded theme archive with tarfile's 'data' filter (no absolute or .. members)."""

import tarfile

from flask import Flask, request

app = Flask(__name__)
THEMES = "/srv/themes"


@app.post("/themes")
def upload_theme():
    with tarfile.open(fileobj=request.files["theme"].stream, mode="r:gz") as archive:
        archive.extractall(THEMES, filter="data")
    return "", 201
