"""Starlette endpoint that puts the visitor in the cohort named in the query string."""

from starlette.responses import PlainTextResponse


async def join(request):
    request.session["cohort"] = request.query_params.get("cohort", "control")
    return PlainTextResponse("joined")
