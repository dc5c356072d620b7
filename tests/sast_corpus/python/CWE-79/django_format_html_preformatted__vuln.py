"""Django view that wraps a label with format_html after formatting it."""

# ruff: noqa: UP032

from django.http import HttpResponse
from django.utils.html import format_html


def label(request):
    name = request.GET.get("name", "")
    return HttpResponse(format_html("<span class='label'>{}</span>".format(name)))
