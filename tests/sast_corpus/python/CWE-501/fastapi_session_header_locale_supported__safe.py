"""FastAPI dependency that stores a supported locale picked from Accept-Language."""

from fastapi import Request

SUPPORTED = ("en", "de", "fr")


def remember_locale(request: Request) -> None:
    offered = [
        part.split(";")[0].strip()[:2]
        for part in request.headers.get("accept-language", "").split(",")
    ]
    request.session["locale"] = next((o for o in offered if o in SUPPORTED), "en")
