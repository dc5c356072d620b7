"""Builds a row predicate from an allowed column and an exact value."""

from flask import Flask, abort, jsonify, request

app = Flask(__name__)
ROWS = [{"age": 31, "country": "DE"}, {"age": 17, "country": "FR"}]
FILTERABLE = {"country"}


@app.get("/rows")
def rows():
    column = request.args.get("column", "country")
    if column not in FILTERABLE:
        abort(400)
    wanted = request.args.get("value", "")
    return jsonify([r for r in ROWS if r[column] == wanted])
