"""After login, redirects to the site's base joined with a caller-supplied suffix."""

from flask import Flask, redirect, request

app = Flask(__name__)
BASE = "https://app.example.com"


@app.post("/login/done")
def login_done():
    return redirect(BASE + request.args.get("next", "/"))
