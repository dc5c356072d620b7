"""OAuth callback that returns to the path stored server-side before the flow began."""

from flask import Flask, abort, redirect, request, session

app = Flask(__name__)


@app.get("/oauth/callback")
def oauth_callback():
    pending = session.pop("oauth_pending", None)
    if pending is None or pending["state"] != request.args.get("state"):
        abort(400)
    return redirect(pending["return_path"])
