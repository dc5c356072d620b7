"""Checks a partner's SOAP endpoint; host and path come from the onboarding form."""

import http.client

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/partners/check")
def check_partner():
    conn = http.client.HTTPSConnection(request.form["host"], timeout=5)
    conn.request("GET", request.form.get("path", "/"))
    status = conn.getresponse().status
    conn.close()
    return jsonify(status=status)
