"""Accepts a team invite and continues to the URL in the JSON body."""

from flask import Flask, redirect, request

app = Flask(__name__)


def continue_to(body: dict) -> str:
    return body.get("continue") or "/teams"


@app.post("/invites/accept")
def accept():
    return redirect(continue_to(request.get_json()))
