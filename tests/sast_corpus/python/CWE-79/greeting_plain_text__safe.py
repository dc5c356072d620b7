"""Greets the visitor in a plain-text response, which browsers do not render as HTML."""

from flask import Flask, Response, request

app = Flask(__name__)


@app.get("/hello.txt")
def hello_text():
    name = request.args.get("name", "guest")
    return Response(f"Hello, {name}!", mimetype="text/plain")
