"""Django view that creates a folder in the user's drive at the posted path."""

import os

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse


@login_required
def create_folder(request):
    root = f"/srv/drive/{request.user.pk:d}"
    os.makedirs(os.path.join(root, request.POST["folder"]), exist_ok=True)
    return JsonResponse({"created": True}, status=201)
