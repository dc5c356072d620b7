"""Starlette endpoint that redirects to ?next= after setting a preference."""

from starlette.responses import RedirectResponse


async def set_theme(request):
    response = RedirectResponse(request.query_params.get("next", "/"), status_code=303)
    response.set_cookie("theme", "dark", secure=True, httponly=True)
    return response
