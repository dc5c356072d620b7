"""A support console that answers a fixed set of diagnostic commands."""

import platform
import sys

from flask import Flask, abort, jsonify, request

app = Flask(__name__)
COMMANDS = {
    "python": lambda: sys.version,
    "platform": platform.platform,
    "modules": lambda: str(len(sys.modules)),
}


@app.post("/console")
def console():
    command = COMMANDS.get(request.get_json().get("source", "").strip())
    if command is None:
        abort(400)
    return jsonify(output=command())
