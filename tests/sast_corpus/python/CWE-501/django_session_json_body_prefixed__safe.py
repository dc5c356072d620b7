"""Django view that saves UI state from JSON under fixed keys, only booleans."""

import json

from django.http import JsonResponse

UI_FLAGS = ("sidebar_open", "show_hints", "compact_tables")


def save_state(request):
    state = json.loads(request.body)
    for flag in UI_FLAGS:
        if isinstance(state.get(flag), bool):
            request.session[f"ui_{flag}"] = state[flag]
    return JsonResponse({"saved": True})
