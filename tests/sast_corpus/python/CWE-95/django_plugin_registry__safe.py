"""Django class-based view that enables a plug-in from the registry of installed modules."""

import importlib

from django.http import HttpResponseBadRequest, JsonResponse
from django.views import View

INSTALLED = {"csv-export": "reports.plugins.csv_export", "slack": "reports.plugins.slack"}
ENABLED: dict[str, object] = {}


class PluginEnableView(View):
    def post(self, request):
        name = request.POST.get("plugin", "")
        if name not in INSTALLED:
            return HttpResponseBadRequest("unknown plug-in")
        ENABLED[name] = importlib.import_module(INSTALLED[name])
        return JsonResponse({"enabled": name})
