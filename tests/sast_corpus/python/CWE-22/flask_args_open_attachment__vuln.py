"""Downloads a ticket attachment named in the query string."""

import os

from flask import Flask, Response, request

app = Flask(__name__)
ATTACHMENTS = "/srv/helpdesk/attachments"


@app.get("/attachments")
def attachment():
    with open(os.path.join(ATTACHMENTS, request.args["name"]), "rb") as handle:
        return Response(handle.read(), mimetype="application/octet-stream")
