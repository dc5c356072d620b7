"""Switches the dashboard view to the role named in the query string."""

from flask import Flask, redirect, request, session

app = Flask(__name__)


@app.get("/dashboard/switch")
def switch():
    role = request.args.get("role", "viewer")
    session["role"] = role
    return redirect("/dashboard")
