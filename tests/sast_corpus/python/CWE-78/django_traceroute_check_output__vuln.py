"""Django view that traces the route to a host for the network diagnostics page."""

import subprocess

from django.http import HttpResponse


def traceroute(request):
    target = request.GET.get("target", "")
    output = subprocess.check_output("traceroute -m 15 " + target, shell=True, timeout=60)
    return HttpResponse(output, content_type="text/plain")
