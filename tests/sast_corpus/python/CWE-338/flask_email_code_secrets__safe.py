"""Sends the code that confirms a change of e-mail address, drawn with secrets."""

import secrets

from flask import Flask, session

app = Flask(__name__)


@app.post("/account/email/confirm")
def send_email_code():
    session["email_code"] = "".join(str(secrets.randbelow(10)) for _ in range(8))
    return "", 202
