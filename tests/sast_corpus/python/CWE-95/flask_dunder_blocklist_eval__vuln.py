"""Evaluates a chart scale expression after refusing double underscores (not enough)."""

from flask import Flask, abort, jsonify, request

app = Flask(__name__)


@app.get("/charts/scale")
def chart_scale():
    expression = request.args.get("scale", "1")
    if "__" in expression or "import" in expression:
        abort(400)
    return jsonify(scale=eval(expression, {"__builtins__": {}}))
