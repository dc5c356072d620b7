"""WSGI endpoint of a legacy XML-RPC-like service, parsed with entity resolution on."""

from lxml import etree


def application(environ, start_response):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    parser = etree.XMLParser(resolve_entities=True, dtd_validation=False)
    call = etree.fromstring(environ["wsgi.input"].read(length), parser)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [(call.findtext("methodName") or "").encode()]
