"""Django view that builds a label with format_html's own placeholders."""

from django.http import HttpResponse
from django.utils.html import format_html


def label(request):
    name = request.GET.get("name", "")
    return HttpResponse(format_html("<span class='label'>{}</span>", name))
