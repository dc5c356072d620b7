"""Plain WSGI application that starts an anonymous session with a random.randrange id."""

import random

SESSIONS: dict[str, dict] = {}


def application(environ, start_response):
    sid = f"{random.randrange(2**96):024x}"
    SESSIONS[sid] = {}
    cookie = f"sid={sid}; Path=/; Secure; HttpOnly; SameSite=Lax"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Set-Cookie", cookie)])
    return [b"welcome"]
