"""A bare WSGI login that writes the Set-Cookie header by hand."""

import secrets


def application(environ, start_response):
    sid = secrets.token_urlsafe(32)
    cookie = f"SID={sid}; Path=/; HttpOnly; SameSite=Lax"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Set-Cookie", cookie)])
    return [b"logged in"]
