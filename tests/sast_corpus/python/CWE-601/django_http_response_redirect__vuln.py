"""Django view that records a click and forwards to the advertised URL."""

from django.http import HttpResponseRedirect


def click(request):
    url = request.GET["url"]
    return HttpResponseRedirect(url)
