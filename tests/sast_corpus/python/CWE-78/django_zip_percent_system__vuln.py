"""Django view that zips a user's upload folder under a name they choose."""

# The string formatting below is the flaw this file exhibits.
# ruff: noqa: UP031

import os

from django.http import JsonResponse


def zip_uploads(request):
    name = request.POST["archive_name"]
    code = os.system("cd /srv/uploads/%d && zip -qr %s.zip ." % (request.user.id, name))
    return JsonResponse({"ok": code == 0})
