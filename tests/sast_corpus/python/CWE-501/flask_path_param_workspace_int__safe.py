"""Makes the numbered workspace current after checking the user may enter it."""

from flask import Flask, abort, redirect, session

app = Flask(__name__)
MEMBERS: dict[int, set[int]] = {}


@app.route("/w/<int:workspace_id>/enter")
def enter(workspace_id):
    if session.get("user_id") not in MEMBERS.get(workspace_id, set()):
        abort(403)
    session["workspace_id"] = workspace_id
    return redirect("/")
