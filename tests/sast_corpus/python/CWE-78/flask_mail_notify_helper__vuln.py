"""Mails a sign-up confirmation through the local mail command, to the address in the form."""

import os

from flask import Flask, request

app = Flask(__name__)


def notify(address: str, subject: str) -> None:
    os.system(f"echo 'Welcome aboard' | mail -s '{subject}' {address}")


@app.post("/signup")
def signup():
    notify(request.form["email"], "Your account")
    return "", 201
