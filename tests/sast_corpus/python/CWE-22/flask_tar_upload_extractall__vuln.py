"""Unpacks an uploaded theme archive (.tar.gz) into the themes folder without a filter."""

import tarfile

from flask import Flask, request

app = Flask(__name__)
THEMES = "/srv/themes"


@app.post("/themes")
def upload_theme():
    with tarfile.open(fileobj=request.files["theme"].stream, mode="r:gz") as archive:
        archive.extractall(THEMES)
    return "", 201
