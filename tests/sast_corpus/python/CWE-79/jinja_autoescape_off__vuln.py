"""Renders a card with a Jinja2 environment that does not escape."""

from flask import Flask, request
from jinja2 import Environment

app = Flask(__name__)
env = Environment(autoescape=False)
CARD = env.from_string("<div class='card'><h3>{{ title }}</h3></div>")


@app.get("/card")
def card():
    return CARD.render(title=request.args.get("title", ""))
