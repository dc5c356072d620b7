"""A diagnostics page that prints the browser's user agent."""

from flask import Flask, request

app = Flask(__name__)


@app.get("/diagnostics")
def diagnostics():
    agent = request.headers.get("User-Agent", "")
    return "<html><body><p>Your browser: " + agent + "</p></body></html>"
