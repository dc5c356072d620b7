"""A Werkzeug app that redirects to 'dest' resolved against this host, same origin only."""

from urllib.parse import urljoin, urlsplit

from werkzeug.utils import redirect
from werkzeug.wrappers import Request


@Request.application
def application(request):
    dest = urljoin(request.host_url, request.args.get("dest", "/"))
    if urlsplit(dest).netloc != urlsplit(request.host_url).netloc:
        dest = request.host_url
    return redirect(dest)
