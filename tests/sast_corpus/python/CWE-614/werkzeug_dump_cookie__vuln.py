"""Builds a Set-Cookie value for the CSRF token with Werkzeug's dump_cookie."""

import secrets

from werkzeug.http import dump_cookie


def csrf_cookie() -> str:
    return dump_cookie("csrf_token", secrets.token_urlsafe(32), httponly=True, samesite="Strict")
