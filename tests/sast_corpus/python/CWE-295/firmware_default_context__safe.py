"""Downloads a firmware image with the default, verifying TLS context."""

import ssl
import urllib.request


def download_firmware(url: str) -> bytes:
    context = ssl.create_default_context()
    with urllib.request.urlopen(url, context=context, timeout=30) as response:
        return response.read()
