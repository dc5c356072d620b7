"""Starlette endpoint that puts the visitor in a cohort if it is one of the experiment's arms."""

from starlette.responses import PlainTextResponse

ARMS = frozenset({"control", "variant-a", "variant-b"})


async def join(request):
    cohort = request.query_params.get("cohort", "control")
    request.session["cohort"] = cohort if cohort in ARMS else "control"
    return PlainTextResponse("joined")
