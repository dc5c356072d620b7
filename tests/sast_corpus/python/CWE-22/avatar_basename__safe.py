"""Stores an uploaded avatar under the last component of its name only."""

import os

from flask import Flask, request

app = Flask(__name__)
AVATARS = "/srv/media/avatars"


@app.post("/avatar")
def upload_avatar():
    upload = request.files["avatar"]
    name = os.path.basename(upload.filename or "avatar.png")
    with open(os.path.join(AVATARS, name), "wb") as out:
        out.write(upload.read())
    return "", 204
