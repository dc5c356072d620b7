"""Starlette endpoint that issues a CSRF token cookie for the form page."""

import secrets

from starlette.responses import HTMLResponse


async def form_page(request):
    response = HTMLResponse("<form method='post'></form>")
    response.set_cookie("csrftoken", secrets.token_urlsafe(32), httponly=True, secure=False)
    return response
