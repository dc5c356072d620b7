"""Django view that rotates a webhook signing secret from secrets.token_bytes."""

import secrets

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse


@login_required
def rotate_webhook_secret(request):
    secret = "whsec_" + secrets.token_bytes(16).hex()
    request.user.webhook.signing_secret = secret
    request.user.webhook.save(update_fields=["signing_secret"])
    return JsonResponse({"secret": secret})
