"""Stores the API token for the single-page app in a Secure, HttpOnly cookie."""

from flask import Flask, jsonify

app = Flask(__name__)


def issue_token(user_id: int) -> str:
    raise NotImplementedError


@app.post("/token")
def token():
    response = jsonify(ok=True)
    response.set_cookie("auth_token", issue_token(1), secure=True, httponly=True)
    return response
