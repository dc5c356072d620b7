"""Sends the browser's User-Agent of a failed login to syslog, without a shell."""

import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.post("/login/failed")
def login_failed():
    agent = " ".join(request.headers.get("User-Agent", "unknown").splitlines())
    subprocess.run(
        ["logger", "-t", "webapp", "--", f"failed login from agent {agent}"], timeout=5, check=False
    )
    return "", 204
