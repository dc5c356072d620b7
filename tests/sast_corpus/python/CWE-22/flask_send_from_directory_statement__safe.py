"""Serves a generated statement with send_from_directory, which refuses names leaving the folder."""

from flask import Flask, request, send_from_directory

app = Flask(__name__)
STATEMENTS = "/srv/bank/statements"


@app.get("/statements/download")
def download_statement():
    return send_from_directory(STATEMENTS, request.args.get("file", ""), as_attachment=True)
