"""Packs a project folder named in the form into a zip for download later."""

import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.post("/projects/archive")
def archive():
    project = request.form["project"]
    script = f"cd /srv/projects && zip -qr /srv/archives/{project}.zip {project}"
    subprocess.run(["bash", "-c", script], check=True, timeout=300)
    return "", 202
