"""Starlette endpoint that stores the login token in a cookie and redirects."""

import secrets

from starlette.responses import RedirectResponse


async def sso_done(request):
    response = RedirectResponse("/", status_code=303)
    response.set_cookie("sso_token", secrets.token_urlsafe(32), httponly=True, samesite="lax")
    return response
