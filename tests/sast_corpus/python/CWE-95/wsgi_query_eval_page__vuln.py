"""WSGI app that reads the page number from the query string with eval."""

from urllib.parse import parse_qs


def application(environ, start_response):
    query = parse_qs(environ.get("QUERY_STRING", ""))
    page = eval(query.get("page", ["1"])[0])
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [f"page {page + 0}".encode()]
