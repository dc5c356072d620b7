"""WSGI endpoint that reports the HTTP status of any address given in the query string."""

import urllib.request
from urllib.parse import parse_qs


def application(environ, start_response):
    target = parse_qs(environ.get("QUERY_STRING", "")).get("target", [""])[0]
    with urllib.request.urlopen(target, timeout=5) as response:
        status = response.status
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(status).encode()]
