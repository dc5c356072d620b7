"""Keeps report date filters in the session after parsing them as dates."""

from datetime import date

from flask import Flask, abort, request, session

app = Flask(__name__)


@app.get("/reports")
def reports():
    try:
        start = date.fromisoformat(request.args.get("from", "2024-01-01"))
        end = date.fromisoformat(request.args.get("to", "2024-12-31"))
    except ValueError:
        abort(400)
    session["report_filters"] = {"from": start.isoformat(), "to": end.isoformat()}
    return "ok"
