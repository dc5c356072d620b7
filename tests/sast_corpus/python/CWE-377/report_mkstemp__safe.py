"""Renders a PDF report to a temporary file created atomically."""

import os
import subprocess
import tempfile


def render(html_path: str) -> str:
    handle, pdf_path = tempfile.mkstemp(suffix=".pdf")
    os.close(handle)
    subprocess.run(["wkhtmltopdf", html_path, pdf_path], check=True)
    return pdf_path
