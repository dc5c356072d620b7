"""Reports the version of a build tool chosen by the caller; the tool name is the program run."""

import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/toolchain/version")
def tool_version():
    tool = request.args.get("tool", "gcc")
    out = subprocess.run([tool, "--version"], capture_output=True, text=True, timeout=10)
    return jsonify(version=out.stdout.splitlines()[:1])
