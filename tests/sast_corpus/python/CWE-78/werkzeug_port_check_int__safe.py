"""Werkzeug application that checks a TCP port on localhost; the only input is an integer."""

import os

from werkzeug.wrappers import Request, Response


@Request.application
def application(request):
    port = request.args.get("port", 80, type=int)
    code = os.system(f"nc -z -w 2 127.0.0.1 {port:d}")
    return Response("open" if code == 0 else "closed", mimetype="text/plain")
