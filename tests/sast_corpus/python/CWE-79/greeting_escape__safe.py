"""Greets the visitor by name, escaped before it goes into the markup."""

from flask import Flask, request
from markupsafe import escape

app = Flask(__name__)


@app.get("/hello")
def hello():
    name = request.args.get("name", "guest")
    return f"<h1>Hello, {escape(name)}!</h1>"
