"""Runs the built-in normalisation step over a posted record; the code itself is fixed."""

from flask import Flask, jsonify, request

app = Flask(__name__)
NORMALISE = compile(
    "record = {k.strip().lower(): v for k, v in record.items()}", "<normalise>", "exec"
)


@app.post("/pipelines/preview")
def preview():
    body = request.get_json()
    scope = {"record": dict(body.get("record", {}))}
    exec(NORMALISE, scope)
    return jsonify(record=scope["record"])
