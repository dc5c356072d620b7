"""Django view that traces the route to an IP address, validated and passed as an argument."""

import ipaddress
import subprocess

from django.http import HttpResponse, HttpResponseBadRequest


def traceroute(request):
    try:
        target = ipaddress.ip_address(request.GET.get("target", ""))
    except ValueError:
        return HttpResponseBadRequest("not an IP address")
    output = subprocess.check_output(["traceroute", "-m", "15", str(target)], timeout=60)
    return HttpResponse(output, content_type="text/plain")
