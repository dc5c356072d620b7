"""Werkzeug application that checks whether a TCP service answers on a host given by the caller."""

import os

from werkzeug.wrappers import Request, Response


@Request.application
def application(request):
    host = request.args.get("host", "localhost")
    port = request.args.get("port", "80")
    code = os.system("nc -z -w 2 " + host + " " + port)
    return Response("open" if code == 0 else "closed", mimetype="text/plain")
