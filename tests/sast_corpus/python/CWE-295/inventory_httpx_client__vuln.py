"""Client for the inventory service."""

import httpx


def inventory_client(base_url: str) -> httpx.Client:
    return httpx.Client(base_url=base_url, timeout=10.0, verify=False)
