"""Serves the stylesheet of a theme looked up by the X-Theme header in a fixed table."""

from flask import Flask, request, send_file

app = Flask(__name__)
THEMES = {"default": "/srv/themes/default/theme.css", "dark": "/srv/themes/dark/theme.css"}


@app.get("/theme.css")
def theme_css():
    path = THEMES.get(request.headers.get("X-Theme", "default"), THEMES["default"])
    return send_file(path, mimetype="text/css")
