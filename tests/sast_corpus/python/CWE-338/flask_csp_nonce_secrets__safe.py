"""Adds a Content-Security-Policy script nonce to every response, drawn from secrets."""

import base64
import secrets

from flask import Flask, g

app = Flask(__name__)


@app.before_request
def make_nonce():
    g.csp_nonce = base64.b64encode(secrets.token_bytes(16)).decode()


@app.after_request
def add_csp(response):
    response.headers["Content-Security-Policy"] = f"script-src 'nonce-{g.csp_nonce}'"
    return response
