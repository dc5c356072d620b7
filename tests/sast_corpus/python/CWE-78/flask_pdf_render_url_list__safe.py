"""Renders a report page to PDF; the page address is a single argument after a fixed prefix."""

import subprocess
from urllib.parse import quote

from flask import Flask, request, send_file

app = Flask(__name__)


@app.get("/reports/pdf")
def page_pdf():
    page = quote(request.args["page"], safe="/")
    subprocess.run(
        ["wkhtmltopdf", "--quiet", f"https://reports.example.com/{page}", "/srv/pdf/report.pdf"],
        check=True,
        timeout=120,
    )
    return send_file("/srv/pdf/report.pdf", mimetype="application/pdf")
