"""Django view that passes the query to an autoescaped template."""

from django.shortcuts import render


def search(request):
    return render(request, "search/results.html", {"query": request.GET.get("q", "")})
