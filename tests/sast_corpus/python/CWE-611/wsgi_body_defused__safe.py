"""WSGI endpoint of a legacy XML-RPC-like service, parsed with defusedxml."""

from defusedxml import ElementTree


def application(environ, start_response):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    call = ElementTree.fromstring(environ["wsgi.input"].read(length))
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [(call.findtext("methodName") or "").encode()]
