"""Returns an export produced earlier, named by the client."""

from pathlib import Path

from flask import Flask, request

app = Flask(__name__)
EXPORTS = Path("/srv/exports")


@app.get("/export")
def export():
    target = EXPORTS / request.args["name"]
    return target.read_bytes()
