"""Issues the CSRF token for forms from secrets, kept in the server-side session."""

import secrets

from flask import Flask, jsonify, session

app = Flask(__name__)


@app.get("/csrf")
def csrf_token():
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return jsonify(token=session["csrf"])
