"""Compares a posted value with the session without writing request data into it."""

from flask import Flask, abort, request, session

app = Flask(__name__)


@app.post("/confirm")
def confirm():
    if request.form.get("nonce") != session.get("nonce"):
        abort(400)
    session.pop("nonce", None)
    return "confirmed"
