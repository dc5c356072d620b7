"""Stores an uploaded avatar under the name the browser sent."""

import os

from flask import Flask, request

app = Flask(__name__)
AVATARS = "/srv/media/avatars"


@app.post("/avatar")
def upload_avatar():
    upload = request.files["avatar"]
    with open(os.path.join(AVATARS, upload.filename), "wb") as out:
        out.write(upload.read())
    return "", 204
