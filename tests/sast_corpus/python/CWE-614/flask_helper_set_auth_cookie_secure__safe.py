"""Sets the auth cookie through a helper that always marks it Secure and HttpOnly."""

from flask import Flask, Response, make_response, request

app = Flask(__name__)


def set_auth_cookie(response: Response, token: str) -> Response:
    response.set_cookie("auth", token, secure=True, httponly=True, samesite="Strict")
    return response


@app.post("/login/otp")
def login_otp():
    return set_auth_cookie(make_response("ok"), request.form["signed_token"])
