"""Django view that shows the theme stored in a cookie."""

# ruff: noqa: UP031

from django.http import HttpResponse


def theme(request):
    chosen = request.COOKIES.get("theme", "light")
    return HttpResponse("<p>Current theme: %s</p>" % chosen)
