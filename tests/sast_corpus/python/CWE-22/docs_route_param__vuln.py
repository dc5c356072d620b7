"""Renders a documentation page named in the URL path."""

from flask import Flask

app = Flask(__name__)
DOCS = "/srv/docs/"


@app.route("/docs/<path:page>")
def docs(page):
    with open(DOCS + page, encoding="utf-8") as handle:
        return handle.read()
