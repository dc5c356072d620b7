"""Saves a document upload under a name cleaned by secure_filename, with pathlib."""

from pathlib import Path

from flask import Flask, abort, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
DOCUMENTS = Path("/srv/documents")


@app.post("/documents")
def upload_document():
    upload = request.files["document"]
    name = secure_filename(upload.filename or "")
    if not name:
        abort(400)
    (DOCUMENTS / name).write_bytes(upload.read())
    return "", 201
