"""Django view that restarts a service named in the URL (path('services/<str:name>/restart'))."""

import subprocess

from django.http import JsonResponse
from django.views.decorators.http import require_POST


@require_POST
def restart_service(request, name):
    subprocess.check_call(f"sudo systemctl restart {name}.service", shell=True, timeout=60)
    return JsonResponse({"restarted": name})
