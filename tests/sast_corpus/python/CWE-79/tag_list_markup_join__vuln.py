"""Renders the selected tags as a list marked safe for the template."""

from flask import Flask, render_template, request
from markupsafe import Markup

app = Flask(__name__)


@app.get("/tags")
def tags():
    items = Markup("".join(f"<li>{t}</li>" for t in request.args.getlist("t")))
    return render_template("tags.html", items=items)
