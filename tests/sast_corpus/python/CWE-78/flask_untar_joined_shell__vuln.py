"""Unpacks a release tarball named in the JSON body; the argument list is joined for a shell."""

import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.post("/releases/unpack")
def unpack():
    name = request.get_json()["tarball"]
    argv = ["tar", "-xzf", f"/srv/releases/{name}", "-C", "/srv/staging"]
    subprocess.run(" ".join(argv), shell=True, check=True, timeout=600)
    return "", 204
