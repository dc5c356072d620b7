"""Werkzeug application that resets a kiosk account to a temporary password."""

import random
import string

from werkzeug.wrappers import Request, Response

PASSWORDS: dict[str, str] = {}


@Request.application
def application(request):
    account = request.form.get("account", "kiosk")
    password = "".join(random.choice(string.ascii_lowercase + string.digits) for _ in range(12))
    PASSWORDS[account] = password
    return Response(password, mimetype="text/plain")
