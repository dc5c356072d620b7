"""Django view that restores a backup archive, checking each member stays under the target."""

import os
import tarfile

from django.http import HttpResponseBadRequest, JsonResponse

RESTORE = os.path.realpath("/srv/restore")


def restore_backup(request):
    restored = 0
    with tarfile.open(fileobj=request.FILES["backup"], mode="r:*") as archive:
        for member in archive.getmembers():
            target = os.path.realpath(os.path.join(RESTORE, member.name))
            if os.path.commonpath([RESTORE, target]) != RESTORE:
                return HttpResponseBadRequest("archive member escapes the restore folder")
            if member.isfile():
                archive.extract(member, RESTORE, set_attrs=False)
                restored += 1
    return JsonResponse({"restored": restored})
