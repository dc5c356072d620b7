"""Maintenance endpoint: the shared shell helper gets a command whose only input is an integer."""

import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


def run_shell(command: str) -> int:
    return subprocess.Popen(command, shell=True).wait(timeout=120)


@app.post("/maintenance/purge")
def purge():
    days = request.form.get("days", 30, type=int)
    code = run_shell(f"find /srv/cache -type f -mtime +{days:d} -delete")
    return jsonify(exit_code=code)
