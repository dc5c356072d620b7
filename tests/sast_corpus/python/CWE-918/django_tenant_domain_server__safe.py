"""Django view that calls the tenant API at the domain our staff recorded for the user's tenant."""

import requests
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse


@login_required
def verify_tenant(request):
    domain = request.user.tenant.verified_domain
    response = requests.get(f"https://{domain}/.well-known/tenant.json", timeout=5)
    return JsonResponse({"verified": response.ok})
