"""FastAPI dependency that stores the Accept-Language header's first value in the session."""

from fastapi import Request


def remember_locale(request: Request) -> None:
    header = request.headers.get("accept-language", "en")
    request.session["locale"] = header.split(",")[0]
