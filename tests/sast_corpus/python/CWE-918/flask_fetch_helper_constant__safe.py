"""A shared fetch helper is handed the public holiday calendar for a country code."""

import requests
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
HOLIDAYS = "https://calendars.example.com/holidays/{}.ics"
COUNTRIES = {"de", "fr", "nl", "us"}


def fetch_text(url: str) -> str:
    response = requests.get(url, timeout=10)
    response.raise_for_status()
    return response.text


@app.get("/calendars/holidays")
def holidays():
    country = request.args.get("country", "de")
    if country not in COUNTRIES:
        abort(400)
    calendar = fetch_text(HOLIDAYS.format(country))
    return jsonify(events=calendar.count("BEGIN:VEVENT"))
