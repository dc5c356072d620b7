"""Serves a tenant's file; the realpath must start with the tenants folder and a separator."""

import os

from flask import Flask, abort, request, send_file

app = Flask(__name__)
TENANTS = os.path.realpath("/srv/tenants")


@app.get("/tenant-files")
def tenant_file():
    path = os.path.realpath(os.path.join(TENANTS, request.args["path"]))
    if not path.startswith(TENANTS + os.sep):
        abort(404)
    return send_file(path)
