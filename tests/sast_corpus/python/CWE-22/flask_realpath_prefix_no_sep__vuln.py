"""Serves a tenant's file; the realpath check lacks a separator (/srv/tenants-old passes)."""

import os

from flask import Flask, abort, request, send_file

app = Flask(__name__)
TENANTS = os.path.realpath("/srv/tenants")


@app.get("/tenant-files")
def tenant_file():
    path = os.path.realpath(os.path.join(TENANTS, request.args["path"]))
    if not path.startswith(TENANTS):
        abort(404)
    return send_file(path)
