"""Django view that rotates a webhook signing secret."""

import random

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse


@login_required
def rotate_webhook_secret(request):
    secret = f"whsec_{random.getrandbits(128):032x}"
    request.user.webhook.signing_secret = secret
    request.user.webhook.save(update_fields=["signing_secret"])
    return JsonResponse({"secret": secret})
