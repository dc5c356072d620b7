"""Django view that accepts a batch of telemetry events sent by the agent as JSON."""

import json

from django.http import HttpResponseBadRequest, JsonResponse
from django.views.decorators.http import require_POST


@require_POST
def ingest(request):
    try:
        events = json.loads(request.body)
    except ValueError:
        return HttpResponseBadRequest("invalid JSON")
    return JsonResponse({"accepted": len(events) if isinstance(events, list) else 0})
