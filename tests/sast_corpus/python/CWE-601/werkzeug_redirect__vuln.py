"""A Werkzeug app that redirects to the 'dest' argument."""

from werkzeug.utils import redirect
from werkzeug.wrappers import Request


@Request.application
def application(request):
    dest = request.args.get("dest", "/")
    return redirect(dest)
