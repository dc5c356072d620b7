"""Parses a literal list of numbers sent by the pricing team."""

import ast

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/sum")
def total():
    numbers = ast.literal_eval(request.get_json()["numbers"])
    return jsonify(result=sum(float(n) for n in numbers))
