"""A shared helper evaluates spreadsheet cells; the cell text comes from the posted sheet."""

from flask import Flask, jsonify, request

app = Flask(__name__)


def cell_value(text: str):
    if text.startswith("="):
        return eval(text[1:])
    return text


@app.post("/sheets/evaluate")
def evaluate_sheet():
    cells = request.get_json()["cells"]
    return jsonify(values=[cell_value(c) for c in cells])
