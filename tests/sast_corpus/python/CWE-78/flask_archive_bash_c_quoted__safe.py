"""Packs a project folder into a zip; the folder name is quoted before it reaches bash."""

import shlex
import subprocess

from flask import Flask, request
from werkzeug.utils import secure_filename

app = Flask(__name__)


@app.post("/projects/archive")
def archive():
    project = shlex.quote(secure_filename(request.form["project"]) or "unnamed")
    script = f"cd /srv/projects && zip -qr /srv/archives/{project}.zip ./{project}"
    subprocess.run(["bash", "-c", script], check=True, timeout=300)
    return "", 202
