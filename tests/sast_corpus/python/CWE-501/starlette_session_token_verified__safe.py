"""Starlette endpoint that records the user id from a verified token in the session."""

from starlette.responses import JSONResponse


def verify_token(token: str) -> dict:
    raise NotImplementedError


async def identify(request):
    claims = verify_token(request.headers.get("authorization", "").removeprefix("Bearer "))
    request.session["user_id"] = claims["sub"]
    return JSONResponse({"ok": True})
