"""Resizes an image already in the media store to the size given in the JSON body."""

import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/media/resize")
def resize():
    body = request.get_json()
    command = "convert /srv/media/{} -resize {} /srv/media/resized.png".format(
        body["image"], body["size"]
    )
    subprocess.run(command, shell=True, check=True, timeout=60)
    return jsonify(status="done")
