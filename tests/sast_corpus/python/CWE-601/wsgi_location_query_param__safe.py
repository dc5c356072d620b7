"""A bare WSGI app that redirects to a fixed search page, carrying ?q= as a query value."""

from urllib.parse import parse_qs, urlencode


def application(environ, start_response):
    q = parse_qs(environ.get("QUERY_STRING", "")).get("q", [""])[0]
    location = "/search?" + urlencode({"q": q})
    start_response("302 Found", [("Location", location)])
    return [b""]
