"""Django view that creates an API key with get_random_string (backed by secrets)."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.utils.crypto import get_random_string


@login_required
def create_api_key(request):
    key = get_random_string(40)
    request.user.apikey_set.create(key=key)
    return JsonResponse({"api_key": key}, status=201)
