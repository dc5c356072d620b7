"""Django view that restores a backup archive uploaded by an admin, member by member."""

import tarfile

from django.http import JsonResponse

RESTORE = "/srv/restore"


def restore_backup(request):
    restored = 0
    with tarfile.open(fileobj=request.FILES["backup"], mode="r:*") as archive:
        for member in archive.getmembers():
            if member.isfile():
                archive.extract(member, RESTORE)
                restored += 1
    return JsonResponse({"restored": restored})
