"""A WSGI app behind Beaker's session middleware that stores the 'cart' parameter."""

from urllib.parse import parse_qs


def application(environ, start_response):
    session = environ["beaker.session"]
    session["cart"] = parse_qs(environ.get("QUERY_STRING", "")).get("cart", [""])[0]
    session.save()
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"saved"]
