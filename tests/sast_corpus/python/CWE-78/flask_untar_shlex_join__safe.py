"""Unpacks a release tarball named in the JSON body; shlex.join quotes each argument."""

import shlex
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.post("/releases/unpack")
def unpack():
    name = str(request.get_json()["tarball"]).replace("/", "_")
    argv = ["tar", "-xzf", f"/srv/releases/{name}", "-C", "/srv/staging"]
    subprocess.run(shlex.join(argv), shell=True, check=True, timeout=600)
    return "", 204
