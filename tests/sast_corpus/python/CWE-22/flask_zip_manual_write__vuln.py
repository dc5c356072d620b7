"""Unpacks an uploaded site bundle (.zip) by writing each member to its own path."""

import os
import zipfile

from flask import Flask, request

app = Flask(__name__)
SITES = "/srv/sites/current"


@app.post("/sites/bundle")
def upload_bundle():
    with zipfile.ZipFile(request.files["bundle"].stream) as bundle:
        for member in bundle.namelist():
            if member.endswith("/"):
                continue
            target = os.path.join(SITES, member)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as out:
                out.write(bundle.read(member))
    return "", 201
