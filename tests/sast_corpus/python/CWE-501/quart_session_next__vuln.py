"""Quart handler that stores the posted redirect target in the session."""

from quart import Quart, request, session

app = Quart(__name__)


@app.post("/remember-next")
async def remember_next():
    form = await request.form
    session["next"] = form.get("next", "/")
    return "", 204
