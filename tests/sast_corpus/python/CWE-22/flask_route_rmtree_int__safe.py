"""Deletes a workspace directory identified by its numeric id in the URL."""

import shutil

from flask import Flask

app = Flask(__name__)
WORKSPACES = "/srv/workspaces/"


@app.delete("/workspaces/<int:workspace_id>")
def delete_workspace(workspace_id):
    shutil.rmtree(f"{WORKSPACES}{workspace_id:d}")
    return "", 204
