"""Creates invitation codes for a team with a random.SystemRandom instance."""

import random
import string

from flask import Flask, jsonify

app = Flask(__name__)
_rng = random.SystemRandom()
INVITES: dict[str, int] = {}


@app.post("/teams/<int:team_id>/invites")
def create_invite(team_id):
    code = "".join(_rng.choice(string.ascii_uppercase + string.digits) for _ in range(10))
    INVITES[code] = team_id
    return jsonify(code=code), 201
