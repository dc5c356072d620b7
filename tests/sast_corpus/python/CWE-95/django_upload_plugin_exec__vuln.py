"""Django class-based view that installs an uploaded Python plug-in by executing it."""

from django.http import JsonResponse
from django.views import View

PLUGINS: dict[str, dict] = {}


class PluginUploadView(View):
    def post(self, request):
        upload = request.FILES["plugin"]
        namespace: dict = {}
        exec(upload.read().decode("utf-8"), namespace)
        PLUGINS[upload.name] = namespace
        return JsonResponse({"installed": upload.name})
