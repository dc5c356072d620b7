"""Finishes an OAuth-style flow by redirecting to the posted callback."""

from flask import Flask, redirect, request

app = Flask(__name__)


@app.post("/authorize/done")
def done():
    callback = request.get_json()["callback_url"]
    return redirect(f"{callback}?status=granted")
