"""A shared fetch helper is handed the address of a calendar to subscribe to."""

import requests
from flask import Flask, jsonify, request

app = Flask(__name__)


def fetch_text(url: str) -> str:
    response = requests.get(url, timeout=10)
    response.raise_for_status()
    return response.text


@app.post("/calendars/subscribe")
def subscribe():
    calendar = fetch_text(request.form["ics_url"])
    return jsonify(events=calendar.count("BEGIN:VEVENT"))
