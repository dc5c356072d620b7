"""WSGI endpoint that asks the fixed geocoder for an address given in the query string."""

import urllib.request
from urllib.parse import parse_qs, urlencode

GEOCODER = "https://geocoder.internal.example.com/lookup?"


def application(environ, start_response):
    address = parse_qs(environ.get("QUERY_STRING", "")).get("address", [""])[0]
    with urllib.request.urlopen(GEOCODER + urlencode({"q": address}), timeout=5) as response:
        status = response.status
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(status).encode()]
