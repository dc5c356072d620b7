"""Django view that creates a top-level folder in the user's drive with a validated name."""

import os

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.text import get_valid_filename


@login_required
def create_folder(request):
    root = f"/srv/drive/{request.user.pk:d}"
    name = get_valid_filename(request.POST["folder"])
    if name in {"", ".", ".."}:
        return HttpResponseBadRequest("bad folder name")
    os.makedirs(os.path.join(root, name), exist_ok=True)
    return JsonResponse({"created": True}, status=201)
