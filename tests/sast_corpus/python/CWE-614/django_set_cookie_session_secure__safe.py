"""Django view that sets the partner session cookie with Secure and HttpOnly."""

from django.http import JsonResponse


def partner_login(request):
    session_key = request.session.session_key or ""
    response = JsonResponse({"ok": True})
    response.set_cookie(
        "partner_session", session_key, secure=True, httponly=True, samesite="Strict"
    )
    return response
