"""Renders a card with a Jinja2 environment that escapes string templates."""

from flask import Flask, request
from jinja2 import Environment, select_autoescape

app = Flask(__name__)
env = Environment(autoescape=select_autoescape(default_for_string=True))
CARD = env.from_string("<div class='card'><h3>{{ title }}</h3></div>")


@app.get("/card")
def card():
    return CARD.render(title=request.args.get("title", ""))
