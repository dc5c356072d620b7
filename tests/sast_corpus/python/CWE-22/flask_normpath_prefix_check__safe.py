"""Reads a configuration snippet; the normalised path must stay under the snippets folder."""

import os

from flask import Flask, Response, abort, request

app = Flask(__name__)
SNIPPETS = "/srv/config/snippets"


@app.get("/snippets")
def snippet():
    path = os.path.normpath(os.path.join(SNIPPETS, request.args["name"]))
    if not path.startswith(SNIPPETS + os.sep):
        abort(404)
    with open(path, encoding="utf-8") as handle:
        return Response(handle.read(), mimetype="text/plain")
