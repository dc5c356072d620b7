"""Prints the page number, converted to an integer first."""

from flask import Flask, request

app = Flask(__name__)


@app.get("/list")
def listing():
    page = request.args.get("page", 1, type=int)
    return f"<nav><span>Page {page}</span></nav>"
