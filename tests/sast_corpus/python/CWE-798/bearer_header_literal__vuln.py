"""Calls the ticketing system's REST API."""

import requests

HEADERS = {"Authorization": "Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0"}


def open_ticket(title: str) -> int:
    response = requests.post(
        "https://tickets.example.com/api/tickets",
        json={"title": title},
        headers=HEADERS,
        timeout=10,
    )
    response.raise_for_status()
    return response.json()["id"]
