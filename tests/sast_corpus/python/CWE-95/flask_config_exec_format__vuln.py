"""Updates a runtime setting; the form gives its name and a Python value."""

from types import SimpleNamespace

from flask import Flask, request

app = Flask(__name__)
settings = SimpleNamespace(page_size=20, theme="light")


@app.post("/admin/settings")
def update_setting():
    exec("settings.{} = {}".format(request.form["name"], request.form["value"]))
    return "", 204
