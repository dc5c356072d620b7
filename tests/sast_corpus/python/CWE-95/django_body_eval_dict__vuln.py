"""Django view that parses a posted filter dict with eval."""

from django.http import JsonResponse
from django.views.decorators.http import require_POST


@require_POST
def save_filter(request):
    saved = eval(request.body.decode("utf-8"))
    return JsonResponse({"fields": sorted(saved)})
