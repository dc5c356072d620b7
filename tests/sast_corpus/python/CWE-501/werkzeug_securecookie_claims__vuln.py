"""Signs whatever the client posts as JSON into a session cookie."""

import os

from flask import Flask, request
from itsdangerous import URLSafeSerializer

app = Flask(__name__)
SIGNER = URLSafeSerializer(os.environ["SESSION_KEY"], salt="session")


@app.post("/session")
def issue():
    response = app.make_response("ok")
    response.set_cookie("s", SIGNER.dumps(request.get_json()), secure=True, httponly=True)
    return response
