"""Werkzeug application that shows a saved query from the queries folder."""

from werkzeug.wrappers import Request, Response

QUERIES = "/srv/queries/"


@Request.application
def application(request):
    with open(QUERIES + request.args.get("q", "default.sql"), encoding="utf-8") as handle:
        return Response(handle.read(), mimetype="text/plain")
