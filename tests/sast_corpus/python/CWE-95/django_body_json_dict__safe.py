"""Django view that parses a posted filter dict with json.loads."""

import json

from django.http import HttpResponseBadRequest, JsonResponse
from django.views.decorators.http import require_POST


@require_POST
def save_filter(request):
    try:
        saved = json.loads(request.body)
    except ValueError:
        return HttpResponseBadRequest("invalid JSON")
    return JsonResponse({"fields": sorted(saved) if isinstance(saved, dict) else []})
