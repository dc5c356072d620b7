"""Duplicates a project template; the JSON body names the template file to copy."""

import os
import shutil
import uuid

from flask import Flask, jsonify, request

app = Flask(__name__)
TEMPLATES = "/srv/templates"
PROJECTS = "/srv/projects"


@app.post("/projects")
def create_project():
    template = request.get_json()["template"]
    project = uuid.uuid4().hex
    shutil.copy(os.path.join(TEMPLATES, template), os.path.join(PROJECTS, project + ".yml"))
    return jsonify(project=project), 201
