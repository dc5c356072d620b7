"""Checks our partner gateway for a partner id from the onboarding form; the host is fixed."""

import http.client
from urllib.parse import quote

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/partners/check")
def check_partner():
    conn = http.client.HTTPSConnection("gateway.example.com", timeout=5)
    conn.request("GET", "/partners/" + quote(request.form["partner_id"], safe=""))
    status = conn.getresponse().status
    conn.close()
    return jsonify(status=status)
