"""Sets the admin session cookie with positional arguments, Secure and HttpOnly."""

import secrets

from flask import Flask, make_response

app = Flask(__name__)


@app.post("/admin/login")
def admin_login():
    response = make_response("ok")
    response.set_cookie(
        "admin_sid", secrets.token_urlsafe(32), 3600, None, "/admin", None, True, True
    )
    return response
