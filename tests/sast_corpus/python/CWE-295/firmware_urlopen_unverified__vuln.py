"""Downloads a firmware image for the device agent."""

import ssl
import urllib.request


def download_firmware(url: str) -> bytes:
    context = ssl._create_unverified_context()
    with urllib.request.urlopen(url, context=context, timeout=30) as response:
        return response.read()
