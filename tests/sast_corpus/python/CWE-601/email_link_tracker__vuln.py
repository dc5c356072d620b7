"""Counts a click in a newsletter and forwards to the link's 'u' parameter."""

from flask import Flask, redirect, request

app = Flask(__name__)
CLICKS: dict[str, int] = {}


@app.get("/t")
def track():
    link = request.args["u"]
    CLICKS[link] = CLICKS.get(link, 0) + 1
    return redirect(link, code=302)
