"""Deletes a workspace directory named in the URL."""

import shutil

from flask import Flask

app = Flask(__name__)
WORKSPACES = "/srv/workspaces/"


@app.delete("/workspaces/<path:name>")
def delete_workspace(name):
    shutil.rmtree(WORKSPACES + name)
    return "", 204
