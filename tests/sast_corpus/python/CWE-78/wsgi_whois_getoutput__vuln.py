"""Plain WSGI application that returns the whois record of a domain in the query string."""

import subprocess
from urllib.parse import parse_qs


def application(environ, start_response):
    domain = parse_qs(environ.get("QUERY_STRING", "")).get("domain", [""])[0]
    record = subprocess.getoutput("whois " + domain)
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
    return [record.encode()]
