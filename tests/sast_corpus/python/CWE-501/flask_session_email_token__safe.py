"""Stores the e-mail from a signed verification token as the session's verified address."""

import os

from flask import Flask, abort, redirect, request, session
from itsdangerous import BadSignature, URLSafeTimedSerializer

app = Flask(__name__)
TOKENS = URLSafeTimedSerializer(os.environ["VERIFY_KEY"], salt="email-verify")


@app.get("/verify")
def verify():
    try:
        email = TOKENS.loads(request.args["token"], max_age=86_400)
    except BadSignature:
        abort(400)
    session["verified_email"] = email
    return redirect("/welcome")
