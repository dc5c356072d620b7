"""Maintenance endpoint: a shared helper runs a cleanup command built from the request."""

import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


def run_shell(command: str) -> int:
    return subprocess.Popen(command, shell=True).wait(timeout=120)


@app.post("/maintenance/purge")
def purge():
    days = request.form.get("days", "30")
    code = run_shell("find /srv/cache -type f -mtime +" + days + " -delete")
    return jsonify(exit_code=code)
