"""Renders a tag chip; the string is formatted before it becomes Markup."""

# ruff: noqa: UP031

from flask import Flask, request
from markupsafe import Markup

app = Flask(__name__)


@app.get("/chip")
def chip():
    tag = request.args.get("tag", "")
    return Markup("<span class='chip'>%s</span>" % tag)
