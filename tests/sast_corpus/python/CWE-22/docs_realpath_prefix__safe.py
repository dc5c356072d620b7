"""Renders a documentation page, confined to the docs folder."""

import os

from flask import Flask, abort

app = Flask(__name__)
DOCS = os.path.realpath("/srv/docs")


@app.route("/docs/<path:page>")
def docs(page):
    full = os.path.realpath(os.path.join(DOCS, page))
    if not full.startswith(DOCS + os.sep):
        abort(404)
    with open(full, encoding="utf-8") as handle:
        return handle.read()
