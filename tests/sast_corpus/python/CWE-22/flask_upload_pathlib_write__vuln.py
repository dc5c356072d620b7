"""Saves a document upload under the file name the browser sent, with pathlib."""

from pathlib import Path

from flask import Flask, request

app = Flask(__name__)
DOCUMENTS = Path("/srv/documents")


@app.post("/documents")
def upload_document():
    upload = request.files["document"]
    (DOCUMENTS / upload.filename).write_bytes(upload.read())
    return "", 201
