"""Django view that sets the impersonation token through response.cookies, Secure."""

import secrets

from django.http import HttpResponse


def impersonate(request):
    response = HttpResponse("impersonating")
    response.cookies["impersonation"] = secrets.token_urlsafe(32)
    response.cookies["impersonation"]["httponly"] = True
    response.cookies["impersonation"]["secure"] = True
    return response
