"""Werkzeug application that resolves a short link by fetching it and reporting the redirect."""

import urllib.request

from werkzeug.wrappers import Request, Response


@Request.application
def application(request):
    outbound = urllib.request.Request(request.args["link"], method="HEAD")
    with urllib.request.urlopen(outbound, timeout=5) as response:
        final = response.geturl()
    return Response(final, mimetype="text/plain")
