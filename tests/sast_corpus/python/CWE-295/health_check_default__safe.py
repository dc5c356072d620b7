"""Checks that the public API answers over verified HTTPS."""

import requests


def api_is_healthy(base_url: str) -> bool:
    try:
        return requests.get(f"{base_url}/healthz", timeout=5).ok
    except requests.RequestException:
        return False
