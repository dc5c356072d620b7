"""An async Quart handler that redirects to ?next=."""

from quart import Quart, redirect, request

app = Quart(__name__)


@app.route("/continue")
async def cont():
    return redirect(request.args.get("next", "/"))
