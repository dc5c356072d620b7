"""Serves a customer's invoice PDF, reducing the name to a plain file name."""

import os

from flask import Flask, request, send_file
from werkzeug.utils import secure_filename

app = Flask(__name__)
INVOICES = "/srv/billing/invoices"


@app.get("/invoice")
def invoice():
    name = secure_filename(request.args.get("file", ""))
    return send_file(os.path.join(INVOICES, name), mimetype="application/pdf")
