"""Django class-based view that fetches oEmbed data only from YouTube or Vimeo."""

from urllib.parse import urlsplit

import requests
from django.http import HttpResponseBadRequest, JsonResponse
from django.views import View

PROVIDERS = {
    "youtube.com": "https://www.youtube.com/oembed",
    "vimeo.com": "https://vimeo.com/api/oembed.json",
}


def provider_for(url: str) -> str | None:
    host = (urlsplit(url).hostname or "").lower()
    for domain, endpoint in PROVIDERS.items():
        if host == domain or host.endswith("." + domain):
            return endpoint
    return None


class OEmbedView(View):
    def get(self, request):
        endpoint = provider_for(request.GET["url"])
        if endpoint is None:
            return HttpResponseBadRequest("unsupported provider")
        data = requests.get(endpoint, params={"url": request.GET["url"]}, timeout=5).json()
        return JsonResponse({"title": data.get("title")})
