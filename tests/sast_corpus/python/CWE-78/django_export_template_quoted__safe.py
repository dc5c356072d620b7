"""Django view that exports a document; the converter table is fixed and the name quoted."""

import shlex
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
        src = shlex.quote("/srv/docs/" + request.POST["document"].replace("/", "_"))
        proc = subprocess.Popen(template.format(src=src), shell=True)
        return JsonResponse({"exit": proc.wait(timeout=300)})
