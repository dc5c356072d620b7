"""Django view that creates an API key for the signed-in developer."""

import random
import string

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse

ALPHABET = string.ascii_letters + string.digits


@login_required
def create_api_key(request):
    key = ""
    for _ in range(40):
        key += random.choice(ALPHABET)
    request.user.apikey_set.create(key=key)
    return JsonResponse({"api_key": key}, status=201)
