"""Django view that hands an unchecked ?redirect= to redirect()."""

from django.shortcuts import redirect


def switch_language(request):
    request.session["lang"] = "de"
    return redirect(request.GET["redirect"])
