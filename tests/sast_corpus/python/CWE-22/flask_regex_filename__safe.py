"""Downloads a course handout whose name must match a plain file-name pattern."""

import re

from flask import Flask, abort, request, send_file

app = Flask(__name__)
HANDOUTS = "/srv/courses/handouts/"
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}\.pdf$")


@app.get("/handouts")
def handout():
    name = request.args.get("name", "")
    if not NAME.fullmatch(name):
        abort(404)
    return send_file(HANDOUTS + name)
