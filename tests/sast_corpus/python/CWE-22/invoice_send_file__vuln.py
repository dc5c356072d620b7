"""Serves a customer's invoice PDF by file name."""

import os

from flask import Flask, request, send_file

app = Flask(__name__)
INVOICES = "/srv/billing/invoices"


@app.get("/invoice")
def invoice():
    name = request.args.get("file", "")
    return send_file(os.path.join(INVOICES, name), mimetype="application/pdf")
