"""Django view that remembers the chosen language in a non-secret cookie."""

from django.http import HttpResponseRedirect

LANGUAGES = {"en", "de", "fr"}


def set_language(request):
    lang = request.POST.get("language", "en")
    response = HttpResponseRedirect("/")
    response.set_cookie("django_language", lang if lang in LANGUAGES else "en", samesite="Lax")
    return response
