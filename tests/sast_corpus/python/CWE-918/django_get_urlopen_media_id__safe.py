"""Django view that downloads a listing picture from our media service by its numeric id."""

import urllib.request

from django.http import HttpResponseBadRequest, JsonResponse

MEDIA = "https://media.internal.example.com/pictures/"


def fetch_thumbnail(request):
    picture = request.GET.get("picture", "")
    if not picture.isdigit():
        return HttpResponseBadRequest("picture must be a number")
    with urllib.request.urlopen(f"{MEDIA}{int(picture)}", timeout=10) as remote:
        data = remote.read(5_000_000)
    return JsonResponse({"bytes": len(data)})
