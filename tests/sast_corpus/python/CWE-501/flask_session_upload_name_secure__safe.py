"""Remembers the last uploaded file under a sanitised name."""

from flask import Flask, request, session
from werkzeug.utils import secure_filename

app = Flask(__name__)


@app.post("/upload")
def upload():
    name = secure_filename(request.files["file"].filename or "")
    session["last_upload"] = name or "upload.bin"
    return "", 204
