"""Django view that echoes the search query, escaped."""

from django.http import HttpResponse
from django.utils.html import escape


def search(request):
    query = escape(request.GET.get("q", ""))
    return HttpResponse(f"<h2>You searched for {query}</h2>")
