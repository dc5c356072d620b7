"""WSGI application that serves static files named by the request path."""

import os


def application(environ, start_response):
    path = os.path.join("/srv/static", environ.get("PATH_INFO", "/").lstrip("/"))
    try:
        with open(path, "rb") as handle:
            body = handle.read()
    except OSError:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    start_response("200 OK", [("Content-Type", "application/octet-stream")])
    return [body]
