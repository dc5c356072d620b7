"""Django view that switches language and returns to a named route."""

from django.shortcuts import redirect

LANGUAGES = {"de", "en", "fr"}


def switch_language(request):
    lang = request.GET.get("lang", "en")
    request.session["lang"] = lang if lang in LANGUAGES else "en"
    return redirect("home")
