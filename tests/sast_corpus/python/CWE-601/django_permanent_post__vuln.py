"""Django view that moves a bookmark and redirects to the posted location."""

from django.http import HttpResponsePermanentRedirect


def moved(request):
    location = request.POST.get("location", "/")
    return HttpResponsePermanentRedirect(location)
