"""Checks a login form against the users table with pyformat parameters."""

from flask import Flask, g, request

app = Flask(__name__)


@app.post("/login")
def login():
    cur = g.db.cursor()
    cur.execute(
        "SELECT id FROM users WHERE name = %s AND pw_hash = %s",
        (request.form["user"], request.form["pw_hash"]),
    )
    return ("ok", 200) if cur.fetchone() else ("denied", 401)
