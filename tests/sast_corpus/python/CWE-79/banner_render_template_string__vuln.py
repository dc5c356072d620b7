"""Renders a banner whose text is built into the template source."""

from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.get("/banner")
def banner():
    text = request.args.get("text", "")
    return render_template_string(f"<div class='banner'>{text}</div>")
