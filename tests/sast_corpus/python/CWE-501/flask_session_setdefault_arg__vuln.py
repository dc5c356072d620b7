"""Records the campaign a visitor arrived from, as given in the query string."""

from flask import Flask, request, session

app = Flask(__name__)


@app.get("/landing")
def landing():
    session.setdefault("campaign", request.args.get("utm_campaign", "direct"))
    return "welcome"
