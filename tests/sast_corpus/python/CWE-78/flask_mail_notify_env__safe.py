"""Mails a sign-up confirmation through a shell pipeline; the address travels in the environment."""

import os
import subprocess

from flask import Flask, request

app = Flask(__name__)


def notify(address: str, subject: str) -> None:
    env = {**os.environ, "RCPT": address, "SUBJECT": subject}
    subprocess.run(
        'echo "Welcome aboard" | mail -s "$SUBJECT" -- "$RCPT"', shell=True, env=env, timeout=30
    )


@app.post("/signup")
def signup():
    notify(request.form["email"], "Your account")
    return "", 201
