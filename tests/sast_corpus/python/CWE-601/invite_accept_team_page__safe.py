"""Accepts a team invite and continues to that team's page."""

from flask import Flask, redirect, request, url_for

app = Flask(__name__)


@app.post("/invites/accept")
def accept():
    team_id = int(request.get_json()["team_id"])
    return redirect(url_for("team_page", team_id=team_id))
