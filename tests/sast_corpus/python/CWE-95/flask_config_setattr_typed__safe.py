"""Updates a runtime setting named in the form, converted by the setting's declared type."""

from types import SimpleNamespace

from flask import Flask, abort, request

app = Flask(__name__)
settings = SimpleNamespace(page_size=20, theme="light")
TYPES = {"page_size": int, "theme": str}


@app.post("/admin/settings")
def update_setting():
    name = request.form["name"]
    if name not in TYPES:
        abort(400)
    setattr(settings, name, TYPES[name](request.form["value"]))
    return "", 204
