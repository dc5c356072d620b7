"""Reports an import's status with the file name the client uploaded."""

from flask import Flask, Response, request

app = Flask(__name__)


@app.post("/import")
def import_file():
    upload = request.files["data"]
    html = "<p>Imported <code>%s</code>.</p>" % upload.filename  # noqa: UP031
    return Response(html, mimetype="text/html")
