"""Renames a project from a JSON body."""

from flask import Flask, g, request

app = Flask(__name__)


@app.patch("/projects/<int:project_id>")
def rename(project_id):
    name = request.get_json()["name"]
    g.db.execute("UPDATE projects SET name = '" + name + "' WHERE id = " + str(project_id))
    g.db.commit()
    return "", 204
