"""Validates, then evaluates, an alert threshold expression from the form."""

from flask import Flask, abort, jsonify, request

app = Flask(__name__)


@app.post("/alerts/threshold")
def threshold():
    source = request.form["threshold"]
    try:
        code = compile(source, "<threshold>", "eval")
    except SyntaxError:
        abort(400)
    return jsonify(threshold=eval(code, {"cpu_count": 8}))
