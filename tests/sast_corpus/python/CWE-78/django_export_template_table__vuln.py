"""Django class-based view that exports a document with a converter picked from a table."""

import subprocess

from django.http import JsonResponse
from django.views import View

CONVERTERS = {
    "pdf": "libreoffice --headless --convert-to pdf {src}",
    "txt": "pandoc -t plain -o /srv/exports/out.txt {src}",
}


class ExportView(View):
    def post(self, request):
        template = CONVERTERS[request.POST.get("format", "pdf")]
        src = "/srv/docs/" + request.POST["document"]
        proc = subprocess.Popen(template.format(src=src), shell=True)
        return JsonResponse({"exit": proc.wait(timeout=300)})
