"""Commits the wiki page just saved; the raw request body is the commit message."""

import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.post("/wiki/commit")
def commit():
    message = request.get_data(as_text=True)
    subprocess.run(
        'git -C /srv/wiki commit -am "' + message + '"', shell=True, check=True, timeout=30
    )
    return "", 201
