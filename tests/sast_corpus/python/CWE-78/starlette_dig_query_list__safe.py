"""Starlette endpoint that queries MX records, passing the name as its own argument."""

import subprocess

from starlette.requests import Request
from starlette.responses import JSONResponse


async def dig(request: Request) -> JSONResponse:
    name = request.query_params.get("name", "").lstrip("-")
    code = subprocess.call(
        ["dig", "+short", "-q", name, "-t", "MX"], stdout=subprocess.DEVNULL, timeout=10
    )
    return JSONResponse({"ok": code == 0})
