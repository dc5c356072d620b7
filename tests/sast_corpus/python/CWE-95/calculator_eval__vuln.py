"""A calculator endpoint for the pricing team."""

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/calc")
def calc():
    expression = request.get_json()["expression"]
    return jsonify(result=eval(expression))
