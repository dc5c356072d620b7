"""Renders cart rows for posted items, escaping each cell in the helper."""

from html import escape

from flask import Flask, request

app = Flask(__name__)


def render_row(item: dict) -> str:
    return f"<tr><td>{escape(str(item['name']))}</td><td>{int(item['qty'])}</td></tr>"


@app.post("/cart/render")
def cart_render():
    items = request.get_json().get("items", [])
    rows = "".join(render_row(item) for item in items)
    return f"<table>{rows}</table>"
