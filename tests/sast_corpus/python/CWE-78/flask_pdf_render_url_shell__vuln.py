"""Renders a web page to PDF for the reporting module; the page address is a query argument."""

import subprocess

from flask import Flask, request, send_file

app = Flask(__name__)


@app.get("/reports/pdf")
def page_pdf():
    page = request.args["page"]
    subprocess.run(
        "wkhtmltopdf --quiet 'https://reports.example.com/" + page + "' /srv/pdf/report.pdf",
        shell=True,
        check=True,
        timeout=120,
    )
    return send_file("/srv/pdf/report.pdf", mimetype="application/pdf")
