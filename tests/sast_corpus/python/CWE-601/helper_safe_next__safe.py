"""Redirects after sign-up through a helper that keeps only same-site paths."""

from urllib.parse import urlsplit

from flask import Flask, redirect, request

app = Flask(__name__)


def next_url(raw: str | None) -> str:
    raw = (raw or "/").strip()
    parts = urlsplit(raw)
    if parts.scheme or parts.netloc or not raw.startswith("/") or raw.startswith("//"):
        return "/"
    return raw


@app.post("/signup")
def signup():
    return redirect(next_url(request.form.get("next")))
