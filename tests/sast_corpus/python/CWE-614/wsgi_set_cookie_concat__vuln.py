"""A bare WSGI app that issues an auth cookie, building the header by concatenation."""

import secrets


def application(environ, start_response):
    token = secrets.token_urlsafe(32)
    header = "auth=" + token + "; Max-Age=3600; Path=/; HttpOnly"
    start_response("303 See Other", [("Location", "/"), ("Set-Cookie", header)])
    return [b""]
