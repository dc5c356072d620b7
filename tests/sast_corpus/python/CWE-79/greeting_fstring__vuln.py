"""Greets the visitor by the name given in the query string."""

from flask import Flask, request

app = Flask(__name__)


@app.get("/hello")
def hello():
    name = request.args.get("name", "guest")
    return f"<h1>Hello, {name}!</h1>"
