"""Django view that streams a product manual named in the query string."""

import os

from django.http import FileResponse

MANUALS = "/srv/manuals"


def manual(request):
    path = os.path.join(MANUALS, request.GET["manual"])
    return FileResponse(open(path, "rb"), content_type="application/pdf")
