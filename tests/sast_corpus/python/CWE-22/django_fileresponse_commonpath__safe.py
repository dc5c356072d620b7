"""Django view that streams a product manual, confined to the manuals folder by commonpath."""

import os

from django.http import FileResponse, Http404

MANUALS = os.path.realpath("/srv/manuals")


def manual(request):
    path = os.path.realpath(os.path.join(MANUALS, request.GET["manual"]))
    if os.path.commonpath([MANUALS, path]) != MANUALS or not os.path.isfile(path):
        raise Http404("no such manual")
    return FileResponse(open(path, "rb"), content_type="application/pdf")
