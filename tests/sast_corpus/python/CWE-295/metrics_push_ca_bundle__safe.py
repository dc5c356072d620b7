"""Pushes metrics, trusting the internal CA for the collector."""

import requests

COLLECTOR = "https://metrics.internal.example.com/api/v1/push"
INTERNAL_CA = "/etc/pki/internal/ca-bundle.pem"


def push(payload: dict) -> None:
    response = requests.post(COLLECTOR, json=payload, timeout=10, verify=INTERNAL_CA)
    response.raise_for_status()
