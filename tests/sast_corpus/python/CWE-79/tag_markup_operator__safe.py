"""Renders a tag chip; Markup's own % operator escapes the argument."""

from flask import Flask, request
from markupsafe import Markup

app = Flask(__name__)


@app.get("/chip")
def chip():
    tag = request.args.get("tag", "")
    return Markup("<span class='chip'>%s</span>") % tag
