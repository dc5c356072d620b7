"""Client for the inventory service, verifying against the internal CA."""

import ssl

import httpx


def inventory_client(base_url: str, ca_file: str) -> httpx.Client:
    context = ssl.create_default_context(cafile=ca_file)
    return httpx.Client(base_url=base_url, timeout=10.0, verify=context)
