"""Django view that sets a session cookie for a partner integration."""

from django.http import JsonResponse


def partner_login(request):
    session_key = request.session.session_key or ""
    response = JsonResponse({"ok": True})
    response.set_cookie("partner_session", session_key, httponly=True, samesite="Strict")
    return response
