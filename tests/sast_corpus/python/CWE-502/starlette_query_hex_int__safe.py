"""Starlette endpoint that resumes a paginated listing from a hex-encoded integer cursor."""

from starlette.requests import Request
from starlette.responses import JSONResponse


async def listing(request: Request) -> JSONResponse:
    raw = request.query_params.get("cursor")
    offset = int.from_bytes(bytes.fromhex(raw), "big") if raw else 0
    return JSONResponse({"offset": offset, "items": []})
