"""Plain WSGI application that starts an anonymous session with a secrets.token_urlsafe id."""

import secrets

SESSIONS: dict[str, dict] = {}


def application(environ, start_response):
    sid = secrets.token_urlsafe(24)
    SESSIONS[sid] = {}
    cookie = f"sid={sid}; Path=/; Secure; HttpOnly; SameSite=Lax"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Set-Cookie", cookie)])
    return [b"welcome"]
