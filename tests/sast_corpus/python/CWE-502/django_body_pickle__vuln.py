"""Django view that accepts a batch of telemetry events pickled by the agent."""

import pickle

from django.http import JsonResponse
from django.views.decorators.http import require_POST


@require_POST
def ingest(request):
    events = pickle.loads(request.body)
    return JsonResponse({"accepted": len(events)})
