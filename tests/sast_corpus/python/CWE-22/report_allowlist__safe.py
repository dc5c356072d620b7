"""Serves one of a fixed set of reports chosen by key."""

from flask import Flask, abort, request, send_file

app = Flask(__name__)
REPORTS = {
    "q1": "/srv/reports/2024-q1.pdf",
    "q2": "/srv/reports/2024-q2.pdf",
}


@app.get("/report")
def report():
    key = request.args.get("quarter", "")
    if key not in REPORTS:
        abort(404)
    return send_file(REPORTS[key])
