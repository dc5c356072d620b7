"""A bare WSGI app that prints the 'msg' parameter."""

from urllib.parse import parse_qs


def application(environ, start_response):
    params = parse_qs(environ.get("QUERY_STRING", ""))
    message = params.get("msg", [""])[0]
    body = f"<html><body><p>{message}</p></body></html>".encode()
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
    return [body]
