"""Unpacks an uploaded dataset archive with shutil.unpack_archive and the 'data' filter."""

import os
import shutil
import tempfile

from flask import Flask, request

app = Flask(__name__)
DATASETS = "/srv/datasets"


@app.post("/datasets")
def upload_dataset():
    with tempfile.TemporaryDirectory() as work:
        archive = os.path.join(work, "upload.tar.gz")
        request.files["dataset"].save(archive)
        shutil.unpack_archive(archive, DATASETS, filter="data")
    return "", 201
