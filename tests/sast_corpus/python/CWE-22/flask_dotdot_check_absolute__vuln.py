"""Reads a help page after refusing '..'; an absolute name still replaces the base in join."""

import os

from flask import Flask, Response, abort, request

app = Flask(__name__)
HELP = "/srv/help"


@app.get("/help")
def help_page():
    name = request.args.get("page", "index.md")
    if ".." in name:
        abort(400)
    with open(os.path.join(HELP, name), encoding="utf-8") as handle:
        return Response(handle.read(), mimetype="text/markdown")
