"""Redirects after sign-up through a helper that only strips whitespace."""

from flask import Flask, redirect, request

app = Flask(__name__)


def next_url(raw: str | None) -> str:
    return (raw or "/").strip()


@app.post("/signup")
def signup():
    return redirect(next_url(request.form.get("next")))
