"""Reports an import's status as JSON, naming the uploaded file."""

import json

from flask import Flask, Response, request

app = Flask(__name__)


@app.post("/import")
def import_file():
    upload = request.files["data"]
    body = json.dumps({"imported": upload.filename})
    return Response(body, mimetype="application/json")
