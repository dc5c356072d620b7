"""Starlette endpoint that reads a Python dict literal from the request body with eval."""

from starlette.requests import Request
from starlette.responses import JSONResponse


async def import_settings(request: Request) -> JSONResponse:
    settings = eval((await request.body()).decode())
    return JSONResponse({"keys": sorted(settings)})
