"""Builds the session cookie header with http.cookies for a small WSGI app."""

import secrets
from http.cookies import SimpleCookie


def session_header() -> tuple[str, str]:
    cookie = SimpleCookie()
    cookie["session"] = secrets.token_urlsafe(32)
    cookie["session"]["httponly"] = True
    cookie["session"]["path"] = "/"
    return ("Set-Cookie", cookie["session"].OutputString())
