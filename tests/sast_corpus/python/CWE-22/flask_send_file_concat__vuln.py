"""Serves a generated statement; the file name is concatenated onto the folder."""

from flask import Flask, request, send_file

app = Flask(__name__)
STATEMENTS = "/srv/bank/statements/"


@app.get("/statements/download")
def download_statement():
    return send_file(STATEMENTS + request.args.get("file", ""), as_attachment=True)
