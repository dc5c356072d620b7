"""After login, redirects to the site's base URL plus a path that must start with one slash."""

from flask import Flask, redirect, request

app = Flask(__name__)
BASE = "https://app.example.com"


@app.post("/login/done")
def login_done():
    path = request.args.get("next", "/")
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        path = "/"
    return redirect(BASE + path)
