"""Starlette endpoint that queries a DNS record type for a name from the query string."""

import subprocess

from starlette.requests import Request
from starlette.responses import JSONResponse


async def dig(request: Request) -> JSONResponse:
    name = request.query_params.get("name", "")
    code = subprocess.call(f"dig +short {name} MX > /dev/null", shell=True, timeout=10)
    return JSONResponse({"ok": code == 0})
