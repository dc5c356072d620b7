"""Django view that calls a tenant's API at the domain posted in the setup form."""

# The string formatting below is the flaw this file exhibits.
# ruff: noqa: UP031

import requests
from django.http import JsonResponse


def verify_tenant(request):
    domain = request.POST["domain"]
    response = requests.get("https://%s/.well-known/tenant.json" % domain, timeout=5)
    return JsonResponse({"verified": response.ok})
