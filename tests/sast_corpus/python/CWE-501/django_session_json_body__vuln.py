"""Django view that merges a JSON body into the session."""

import json

from django.http import JsonResponse


def save_state(request):
    state = json.loads(request.body)
    for key, value in state.items():
        request.session[key] = value
    return JsonResponse({"saved": len(state)})
