"""Pushes metrics to the central collector."""

import requests

COLLECTOR = "https://metrics.internal.example.com/api/v1/push"


def push(payload: dict) -> None:
    response = requests.post(COLLECTOR, json=payload, timeout=10, verify=False)
    response.raise_for_status()
