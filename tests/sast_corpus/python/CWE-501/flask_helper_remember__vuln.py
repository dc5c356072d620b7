"""Keeps wizard answers in the session through a small helper."""

from flask import Flask, request, session

app = Flask(__name__)


def remember(key: str, value: str) -> None:
    session[f"wizard_{key}"] = value


@app.post("/wizard/<step>")
def wizard(step):
    remember(step, request.form["answer"])
    return "", 204
