"""Django view that marks only a fixed separator as safe."""

from django.http import HttpResponse
from django.utils.html import escape
from django.utils.safestring import mark_safe

SEPARATOR = mark_safe("<hr class='divider'>")


def crumbs(request):
    parts = [escape(p) for p in request.GET.getlist("crumb")]
    return HttpResponse(SEPARATOR.join(parts))
