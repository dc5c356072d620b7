"""Keeps wizard answers in the session after checking each against its choices."""

from flask import Flask, abort, request, session

app = Flask(__name__)
CHOICES = {"size": {"s", "m", "l"}, "colour": {"red", "blue"}}


def remember(key: str, value: str) -> None:
    if value not in CHOICES.get(key, set()):
        abort(400)
    session[f"wizard_{key}"] = value


@app.post("/wizard/<step>")
def wizard(step):
    remember(step, request.form["answer"])
    return "", 204
