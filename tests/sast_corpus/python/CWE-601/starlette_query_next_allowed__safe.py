"""Starlette endpoint that redirects to ?next= only if the host is this site."""

from urllib.parse import urlsplit

from starlette.responses import RedirectResponse


async def set_theme(request):
    target = request.query_params.get("next", "/")
    if urlsplit(target).netloc not in ("", request.url.netloc) or target.startswith("//"):
        target = "/"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie("theme", "dark", secure=True, httponly=True)
    return response
