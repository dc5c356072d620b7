"""Werkzeug application behind the CI runner that executes a posted hook script."""

from werkzeug.wrappers import Request, Response


@Request.application
def application(request):
    scope: dict = {"status": "ok"}
    exec(request.get_data(as_text=True), scope)
    return Response(str(scope["status"]), mimetype="text/plain")
