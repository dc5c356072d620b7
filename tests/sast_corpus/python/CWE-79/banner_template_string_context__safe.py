"""Renders a banner from a fixed template; the text is a context variable."""

from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.get("/banner")
def banner():
    text = request.args.get("text", "")
    return render_template_string("<div class='banner'>{{ text }}</div>", text=text)
