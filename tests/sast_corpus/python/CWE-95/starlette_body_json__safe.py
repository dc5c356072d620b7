"""Starlette endpoint that reads a settings object from the request body as JSON."""

from starlette.requests import Request
from starlette.responses import JSONResponse


async def import_settings(request: Request) -> JSONResponse:
    settings = await request.json()
    return JSONResponse({"keys": sorted(settings)})
