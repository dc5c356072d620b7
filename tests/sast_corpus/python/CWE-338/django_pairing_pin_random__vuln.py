"""Django view that shows the PIN a TV app must enter to pair with the account."""

import random

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import JsonResponse


@login_required
def pairing_pin(request):
    pin = "".join(random.choice("0123456789") for _ in range(6))
    cache.set(f"pairing:{pin}", request.user.pk, timeout=300)
    return JsonResponse({"pin": pin})
