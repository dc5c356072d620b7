"""Reads a configuration snippet; the joined path is normalised but never checked."""

import os

from flask import Flask, Response, request

app = Flask(__name__)
SNIPPETS = "/srv/config/snippets"


@app.get("/snippets")
def snippet():
    path = os.path.normpath(os.path.join(SNIPPETS, request.args["name"]))
    with open(path, encoding="utf-8") as handle:
        return Response(handle.read(), mimetype="text/plain")
