"""Samples one request in a hundred for the latency log; predictability does no harm."""

import random
import time

from flask import Flask, g, request

app = Flask(__name__)


@app.before_request
def start_timer():
    g.started = time.perf_counter()


@app.after_request
def sample_latency(response):
    if random.random() < 0.01:
        elapsed = time.perf_counter() - g.started
        app.logger.info("latency %s %.3fs", request.endpoint, elapsed)
    return response
