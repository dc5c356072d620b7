"""Starlette endpoint that records the caller's claimed user id in the session."""

from starlette.responses import JSONResponse


async def identify(request):
    request.session["user_id"] = request.headers.get("x-user-id")
    return JSONResponse({"ok": True})
