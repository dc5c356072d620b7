"""Renders the selected tags; Markup.format escapes each one."""

from flask import Flask, render_template, request
from markupsafe import Markup

app = Flask(__name__)


@app.get("/tags")
def tags():
    items = Markup("").join(Markup("<li>{}</li>").format(t) for t in request.args.getlist("t"))
    return render_template("tags.html", items=items)
