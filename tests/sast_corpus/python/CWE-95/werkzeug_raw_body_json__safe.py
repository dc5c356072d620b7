"""Werkzeug application behind the CI runner that records a posted hook status as JSON."""

import json

from werkzeug.wrappers import Request, Response


@Request.application
def application(request):
    payload = json.loads(request.get_data(as_text=True) or "{}")
    status = "ok" if payload.get("status") == "ok" else "failed"
    return Response(status, mimetype="text/plain")
