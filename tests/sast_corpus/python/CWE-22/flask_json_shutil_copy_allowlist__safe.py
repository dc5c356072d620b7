"""Duplicates a project template chosen by key from the templates we ship."""

import os
import shutil
import uuid

from flask import Flask, abort, jsonify, request

app = Flask(__name__)
TEMPLATES = {"blank": "/srv/templates/blank.yml", "webapp": "/srv/templates/webapp.yml"}
PROJECTS = "/srv/projects"


@app.post("/projects")
def create_project():
    source = TEMPLATES.get(request.get_json()["template"])
    if source is None:
        abort(400)
    project = uuid.uuid4().hex
    shutil.copy(source, os.path.join(PROJECTS, project + ".yml"))
    return jsonify(project=project), 201
