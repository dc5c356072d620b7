"""Welcomes a returning visitor by the display name stored in a cookie."""

from flask import Flask, make_response, request

app = Flask(__name__)


@app.get("/")
def index():
    display = request.cookies.get("display_name", "friend")
    return make_response(f"<p>Welcome back, {display}.</p>")
