"""Benchmarks a snippet posted by a user on the playground page with timeit."""

import timeit

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/playground/bench")
def bench():
    statement = request.form["stmt"]
    seconds = timeit.timeit(statement, number=1000)
    return jsonify(seconds=seconds)
