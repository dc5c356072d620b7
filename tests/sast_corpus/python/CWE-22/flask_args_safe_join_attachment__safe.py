"""Downloads a ticket attachment named in the query string, joined with werkzeug's safe_join."""

from flask import Flask, Response, abort, request
from werkzeug.utils import safe_join

app = Flask(__name__)
ATTACHMENTS = "/srv/helpdesk/attachments"


@app.get("/attachments")
def attachment():
    path = safe_join(ATTACHMENTS, request.args["name"])
    if path is None:
        abort(404)
    with open(path, "rb") as handle:
        return Response(handle.read(), mimetype="application/octet-stream")
