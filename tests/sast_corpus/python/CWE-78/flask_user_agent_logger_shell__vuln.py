"""Sends the browser's User-Agent of a failed login to syslog through the logger tool."""

import os

from flask import Flask, request

app = Flask(__name__)


@app.post("/login/failed")
def login_failed():
    agent = " ".join(request.headers.get("User-Agent", "unknown").splitlines())
    os.system(f'logger -t webapp "failed login from agent {agent}"')
    return "", 204
