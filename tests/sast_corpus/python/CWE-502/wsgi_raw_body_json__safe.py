"""WSGI endpoint of the metrics collector; agents post JSON samples."""

import json


def application(environ, start_response):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    samples = json.loads(environ["wsgi.input"].read(length) or b"[]")
    start_response("202 Accepted", [("Content-Type", "text/plain")])
    return [str(len(samples)).encode()]
