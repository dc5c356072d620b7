"""Keeps filter settings from the query string in the session, through a dict."""

from flask import Flask, request, session

app = Flask(__name__)


@app.get("/reports")
def reports():
    filters = {"from": request.args.get("from"), "to": request.args.get("to")}
    session["report_filters"] = filters
    return "ok"
