"""A WSGI app behind Beaker's session middleware that stores known product ids only."""

from urllib.parse import parse_qs

PRODUCTS = {"1001", "1002", "1003"}


def application(environ, start_response):
    session = environ["beaker.session"]
    wanted = parse_qs(environ.get("QUERY_STRING", "")).get("item", [])
    session["cart"] = [item for item in wanted if item in PRODUCTS]
    session.save()
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"saved"]
