"""Deletes one of the user's uploaded files, the form name reduced by secure_filename."""

import os

from flask import Flask, abort, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.post("/files/delete")
def delete_file():
    name = secure_filename(request.form["filename"])
    if not name:
        abort(400)
    os.remove(os.path.join(UPLOADS, name))
    return "", 204
