"""Django view that downloads a remote picture to make a thumbnail for a listing."""

import urllib.request

from django.http import JsonResponse


def fetch_thumbnail(request):
    with urllib.request.urlopen(request.GET["picture"], timeout=10) as remote:
        data = remote.read(5_000_000)
    return JsonResponse({"bytes": len(data)})
