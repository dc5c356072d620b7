"""Deletes one of the user's uploaded files, named in the form."""

import os

from flask import Flask, request

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.post("/files/delete")
def delete_file():
    os.remove(os.path.join(UPLOADS, request.form["filename"]))
    return "", 204
