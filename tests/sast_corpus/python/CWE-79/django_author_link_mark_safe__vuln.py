"""Django view that links to an author's page."""

# ruff: noqa: UP031

from django.http import HttpResponse
from django.utils.safestring import mark_safe


def author_link(request):
    author = request.GET["author"]
    link = mark_safe("<a href='/authors/%s'>%s</a>" % (author, author))
    return HttpResponse(link)
