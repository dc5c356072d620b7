"""Django view that links to a saved search; the term is percent-encoded."""

from urllib.parse import quote

from django.http import HttpResponse


def saved_search(request):
    term = quote(request.GET.get("q", ""), safe="")
    return HttpResponse(f"<a href='/search?q={term}'>Run this search again</a>")
