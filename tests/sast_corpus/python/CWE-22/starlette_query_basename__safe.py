"""Starlette endpoint that returns a log file chosen in the query string, reduced to a basename."""

import os

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse

LOGS = "/var/log/app"


async def log_file(request: Request):
    name = os.path.basename(request.query_params.get("file", "app.log"))
    if not name or name.startswith("."):
        return PlainTextResponse("bad name", status_code=400)
    return FileResponse(os.path.join(LOGS, name), media_type="text/plain")
