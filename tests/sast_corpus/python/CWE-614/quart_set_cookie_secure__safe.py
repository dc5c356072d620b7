"""Quart handler that stores a device-binding token in a Secure, HttpOnly cookie."""

import secrets

from quart import Quart, make_response

app = Quart(__name__)


@app.post("/device/bind")
async def bind():
    response = await make_response("bound")
    response.set_cookie("device_token", secrets.token_urlsafe(32), httponly=True, secure=True)
    return response
