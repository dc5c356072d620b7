"""Switches the dashboard view to a role the signed-in user actually holds."""

from flask import Flask, abort, redirect, request, session

app = Flask(__name__)
MEMBERSHIPS: dict[int, set[str]] = {}


@app.get("/dashboard/switch")
def switch():
    role = request.args.get("role", "viewer")
    if role not in MEMBERSHIPS.get(session.get("user_id", -1), set()):
        abort(403)
    session["role"] = role
    return redirect("/dashboard")
