"""Reads an alert threshold from the form as a Python literal (a number or a tuple)."""

import ast

from flask import Flask, abort, jsonify, request

app = Flask(__name__)


@app.post("/alerts/threshold")
def threshold():
    try:
        value = ast.literal_eval(request.form["threshold"])
    except (ValueError, SyntaxError):
        abort(400)
    return jsonify(threshold=value)
