"""Django class-based view that fetches oEmbed data from the endpoint the editor supplies."""

import requests
from django.http import JsonResponse
from django.views import View


class OEmbedView(View):
    def get(self, request):
        endpoint = request.GET["endpoint"]
        data = requests.get(endpoint, params={"url": request.GET["url"]}, timeout=5).json()
        return JsonResponse({"title": data.get("title")})
