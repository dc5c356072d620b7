"""Benchmarks the built-in sort on a list of a size chosen by the user."""

import random
import timeit

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/playground/bench")
def bench():
    size = max(1, min(request.form.get("size", 1000, type=int), 100_000))
    data = [random.random() for _ in range(size)]
    seconds = timeit.timeit(lambda: sorted(data), number=10)
    return jsonify(seconds=seconds)
