"""Django view that flags the session as staff from the authenticated user."""

from django.http import HttpResponse


def enable_tools(request):
    request.session["is_staff"] = bool(request.user.is_authenticated and request.user.is_staff)
    return HttpResponse("ok")
