"""Builds the session cookie header with http.cookies, Secure and HttpOnly."""

import secrets
from http.cookies import SimpleCookie


def session_header() -> tuple[str, str]:
    cookie = SimpleCookie()
    cookie["session"] = secrets.token_urlsafe(32)
    cookie["session"]["httponly"] = True
    cookie["session"]["secure"] = True
    cookie["session"]["path"] = "/"
    return ("Set-Cookie", cookie["session"].OutputString())
