"""Django view that returns a JWT in a Secure, HttpOnly cookie."""

from django.http import JsonResponse


def obtain_jwt(request, encode_jwt=None):
    token = encode_jwt(request.user)
    response = JsonResponse({"ok": True})
    response.set_cookie("jwt", token, max_age=3600, httponly=True, secure=True, samesite="Lax")
    return response
