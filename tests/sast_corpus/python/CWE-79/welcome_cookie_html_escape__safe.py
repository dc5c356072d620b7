"""Welcomes a returning visitor; the cookie value is HTML-escaped."""

import html

from flask import Flask, make_response, request

app = Flask(__name__)


@app.get("/")
def index():
    display = html.escape(request.cookies.get("display_name", "friend"))
    return make_response(f"<p>Welcome back, {display}.</p>")
