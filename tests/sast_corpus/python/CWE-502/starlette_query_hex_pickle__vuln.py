"""Starlette endpoint that resumes a paginated listing from a hex-encoded pickled cursor."""

import pickle

from starlette.requests import Request
from starlette.responses import JSONResponse


async def listing(request: Request) -> JSONResponse:
    raw = request.query_params.get("cursor")
    cursor = pickle.loads(bytes.fromhex(raw)) if raw else {"offset": 0}
    return JSONResponse({"offset": cursor["offset"], "items": []})
