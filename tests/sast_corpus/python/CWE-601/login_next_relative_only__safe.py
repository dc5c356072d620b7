"""After login, returns the user to ?next= only if it is a path on this site."""

from urllib.parse import urlsplit

from flask import Flask, redirect, request

app = Flask(__name__)


def is_local_path(target: str) -> bool:
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target


@app.post("/login")
def login():
    target = request.args.get("next", "/")
    return redirect(target if is_local_path(target) else "/")
