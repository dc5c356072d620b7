"""Reads a help page after refusing '..' and absolute names, so the join stays in the folder."""

import os

from flask import Flask, Response, abort, request

app = Flask(__name__)
HELP = "/srv/help"


@app.get("/help")
def help_page():
    name = request.args.get("page", "index.md")
    if ".." in name or os.path.isabs(name) or "\\" in name:
        abort(400)
    with open(os.path.join(HELP, name), encoding="utf-8") as handle:
        return Response(handle.read(), mimetype="text/markdown")
