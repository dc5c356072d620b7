"""Issues the CSRF token for forms, kept in the server-side session."""

import random

from flask import Flask, jsonify, session

app = Flask(__name__)


@app.get("/csrf")
def csrf_token():
    if "csrf" not in session:
        session["csrf"] = format(random.getrandbits(128), "032x")
    return jsonify(token=session["csrf"])
