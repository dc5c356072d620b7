"""Resizes an image to the size given in the JSON body, quoting both values for the shell."""

import shlex
import subprocess

from flask import Flask, abort, jsonify, request

app = Flask(__name__)


@app.post("/media/resize")
def resize():
    body = request.get_json()
    image, size = str(body["image"]), str(body["size"])
    if "/" in image or image.startswith((".", "-")):
        abort(400)
    command = "convert {} -resize {} /srv/media/resized.png".format(
        shlex.quote("/srv/media/" + image), shlex.quote(size)
    )
    subprocess.run(command, shell=True, check=True, timeout=60)
    return jsonify(status="done")
