"""Plain WSGI application that returns the whois record of a domain, shell-quoted."""

import shlex
import subprocess
from urllib.parse import parse_qs


def application(environ, start_response):
    domain = parse_qs(environ.get("QUERY_STRING", "")).get("domain", [""])[0]
    record = subprocess.getoutput("whois -- " + shlex.quote(domain))
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
    return [record.encode()]
