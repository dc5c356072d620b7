"""A bare WSGI app that answers with a redirect to ?url=."""

from urllib.parse import parse_qs


def application(environ, start_response):
    url = parse_qs(environ.get("QUERY_STRING", "")).get("url", ["/"])[0]
    start_response("302 Found", [("Location", url)])
    return [b""]
