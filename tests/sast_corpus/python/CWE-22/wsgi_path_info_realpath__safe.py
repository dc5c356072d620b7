"""WSGI application that serves static files named by the request path, inside the static root."""

import os

STATIC = os.path.realpath("/srv/static")


def application(environ, start_response):
    path = os.path.realpath(os.path.join(STATIC, environ.get("PATH_INFO", "/").lstrip("/")))
    if not path.startswith(STATIC + os.sep) or not os.path.isfile(path):
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    with open(path, "rb") as handle:
        body = handle.read()
    start_response("200 OK", [("Content-Type", "application/octet-stream")])
    return [body]
