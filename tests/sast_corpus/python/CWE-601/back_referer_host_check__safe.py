"""Sends the user back to the referring page if it is on this host."""

from urllib.parse import urlsplit

from flask import Flask, redirect, request

app = Flask(__name__)


@app.post("/settings")
def save_settings():
    back = request.headers.get("Referer", "/")
    if urlsplit(back).netloc != request.host:
        back = "/"
    return redirect(back, code=303)
