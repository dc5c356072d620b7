"""Werkzeug application that forwards a posted comment to the fixed moderation service."""

import json
import urllib.request

from werkzeug.wrappers import Request, Response

MODERATION = "https://moderation.internal.example.com/v1/check"


@Request.application
def application(request):
    body = json.dumps({"text": request.form.get("comment", "")}).encode()
    outbound = urllib.request.Request(
        MODERATION, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(outbound, timeout=5) as response:
        verdict = json.load(response).get("verdict", "unknown")
    return Response(str(verdict), mimetype="text/plain")
