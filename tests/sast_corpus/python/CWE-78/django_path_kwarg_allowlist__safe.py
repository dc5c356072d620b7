"""Django view that restarts one of the services the operators may restart."""

import subprocess

from django.http import Http404, JsonResponse
from django.views.decorators.http import require_POST

RESTARTABLE = frozenset({"nginx", "worker", "scheduler"})


@require_POST
def restart_service(request, name):
    if name not in RESTARTABLE:
        raise Http404(name)
    subprocess.check_call(["sudo", "systemctl", "restart", f"{name}.service"], timeout=60)
    return JsonResponse({"restarted": name})
