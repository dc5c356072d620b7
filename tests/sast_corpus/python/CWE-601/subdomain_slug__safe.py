"""Sends a user to their workspace subdomain; the slug must be a DNS label."""

import re

from flask import Flask, abort, redirect, request

app = Flask(__name__)
LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


@app.get("/workspace")
def workspace():
    slug = request.args["workspace"]
    if not LABEL.fullmatch(slug):
        abort(400)
    return redirect(f"https://{slug}.example.com/home")
