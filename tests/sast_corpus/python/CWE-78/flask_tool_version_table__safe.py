"""Reports the version of a build tool chosen from a fixed table of installed programs."""

import subprocess

from flask import Flask, abort, jsonify, request

app = Flask(__name__)
TOOLS = {"gcc": "/usr/bin/gcc", "clang": "/usr/bin/clang", "go": "/usr/local/go/bin/go"}


@app.get("/toolchain/version")
def tool_version():
    program = TOOLS.get(request.args.get("tool", "gcc"))
    if program is None:
        abort(404)
    flag = "version" if program.endswith("/go") else "--version"
    out = subprocess.run([program, flag], capture_output=True, text=True, timeout=10)
    return jsonify(version=out.stdout.splitlines()[:1])
