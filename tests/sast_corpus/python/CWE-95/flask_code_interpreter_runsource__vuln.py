"""An in-browser console for support staff that runs submitted source in the web process."""

import code
import io
from contextlib import redirect_stdout

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/console")
def console():
    interpreter = code.InteractiveInterpreter()
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        interpreter.runsource(request.get_json()["source"])
    return jsonify(output=buffer.getvalue())
