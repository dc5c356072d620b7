"""Django view that echoes the query in a JSON body."""

from django.http import JsonResponse


def echo(request):
    return JsonResponse({"query": request.GET.get("q", "")})
