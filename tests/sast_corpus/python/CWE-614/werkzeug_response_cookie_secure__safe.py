"""A Werkzeug app that sets a password-reset token cookie, Secure and HttpOnly."""

import secrets

from werkzeug.wrappers import Request, Response


@Request.application
def application(request):
    response = Response("check your mail")
    response.set_cookie(
        "reset_token", secrets.token_urlsafe(24), max_age=900, secure=True, httponly=True
    )
    return response
