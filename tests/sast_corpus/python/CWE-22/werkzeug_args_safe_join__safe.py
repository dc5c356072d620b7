"""Werkzeug application that shows a saved query, the name joined with werkzeug's safe_join."""

from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join
from werkzeug.wrappers import Request, Response

QUERIES = "/srv/queries"


@Request.application
def application(request):
    path = safe_join(QUERIES, request.args.get("q", "default.sql"))
    if path is None:
        return NotFound()
    with open(path, encoding="utf-8") as handle:
        return Response(handle.read(), mimetype="text/plain")
