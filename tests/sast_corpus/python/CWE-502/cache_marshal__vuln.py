"""Loads compiled report code received from the report service."""

import marshal

import requests


def fetch_report_code(url: str):
    response = requests.get(url, timeout=10)
    response.raise_for_status()
    return marshal.loads(response.content)
