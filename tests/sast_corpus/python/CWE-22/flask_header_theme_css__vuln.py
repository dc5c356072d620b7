"""Serves the stylesheet of the theme named in the X-Theme header."""

from flask import Flask, request, send_file

app = Flask(__name__)


@app.get("/theme.css")
def theme_css():
    theme = request.headers.get("X-Theme", "default")
    return send_file(f"/srv/themes/{theme}/theme.css", mimetype="text/css")
