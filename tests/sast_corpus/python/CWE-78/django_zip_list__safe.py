"""Django view that zips a user's upload folder; the archive name is a plain argument."""

import subprocess

from django.http import JsonResponse
from django.utils.text import get_valid_filename


def zip_uploads(request):
    name = get_valid_filename(request.POST["archive_name"]).lstrip("-") or "uploads"
    result = subprocess.run(
        ["zip", "-qr", f"{name}.zip", "."],
        cwd=f"/srv/uploads/{request.user.id:d}",
        timeout=300,
        check=False,
    )
    return JsonResponse({"ok": result.returncode == 0})
