"""Runs a transformation step posted in a pipeline definition (JSON) over a record."""

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/pipelines/preview")
def preview():
    body = request.get_json()
    code = compile(body["transform"], "<transform>", "exec")
    scope = {"record": body.get("record", {})}
    exec(code, scope)
    return jsonify(record=scope["record"])
