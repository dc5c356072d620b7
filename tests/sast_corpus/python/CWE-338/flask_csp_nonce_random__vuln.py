"""Adds a Content-Security-Policy script nonce to every response, drawn from random."""

import base64
import random

from flask import Flask, g

app = Flask(__name__)


@app.before_request
def make_nonce():
    g.csp_nonce = base64.b64encode(random.randbytes(16)).decode()


@app.after_request
def add_csp(response):
    response.headers["Content-Security-Policy"] = f"script-src 'nonce-{g.csp_nonce}'"
    return response
