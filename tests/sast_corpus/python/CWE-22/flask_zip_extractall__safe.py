"""Unpacks an uploaded site bundle with ZipFile.extractall, which drops '..' and absolute parts."""

import zipfile

from flask import Flask, request

app = Flask(__name__)
SITES = "/srv/sites/current"


@app.post("/sites/bundle")
def upload_bundle():
    with zipfile.ZipFile(request.files["bundle"].stream) as bundle:
        bundle.extractall(SITES)
    return "", 201
