"""Renders a PDF report to a temporary file before upload."""

import subprocess
import tempfile


def render(html_path: str) -> str:
    pdf_path = tempfile.mktemp(suffix=".pdf")
    subprocess.run(["wkhtmltopdf", html_path, pdf_path], check=True)
    return pdf_path
