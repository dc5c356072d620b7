"""A Werkzeug app that prints the requested colour name."""

from werkzeug.wrappers import Request, Response


@Request.application
def application(request):
    colour = request.args.get("colour", "blue")
    return Response(f"<p style='color:{colour}'>{colour}</p>", mimetype="text/html")
