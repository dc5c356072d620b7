"""Returns an export; send_from_directory refuses names that leave the folder."""

from flask import Flask, request, send_from_directory

app = Flask(__name__)
EXPORTS = "/srv/exports"


@app.get("/export")
def export():
    return send_from_directory(EXPORTS, request.args["name"], as_attachment=True)
