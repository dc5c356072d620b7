"""Django view that echoes the search query."""

from django.http import HttpResponse


def search(request):
    query = request.GET.get("q", "")
    return HttpResponse(f"<h2>You searched for {query}</h2>")
