"""Sends the code that confirms a change of e-mail address."""

import random

from flask import Flask, session

app = Flask(__name__)


@app.post("/account/email/confirm")
def send_email_code():
    session["email_code"] = "".join(str(random.randint(0, 9)) for _ in range(8))
    return "", 202
