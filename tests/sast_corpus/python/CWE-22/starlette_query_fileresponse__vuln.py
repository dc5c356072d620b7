"""Starlette endpoint that returns a log file chosen in the query string."""

import os

from starlette.requests import Request
from starlette.responses import FileResponse

LOGS = "/var/log/app"


async def log_file(request: Request) -> FileResponse:
    name = request.query_params.get("file", "app.log")
    return FileResponse(os.path.join(LOGS, name), media_type="text/plain")
