"""Checks a login form against the users table."""

from flask import Flask, g, request

app = Flask(__name__)


@app.post("/login")
def login():
    cur = g.db.cursor()
    query = "SELECT id FROM users WHERE name = '%s' AND pw_hash = '%s'" % (  # noqa: UP031
        request.form["user"],
        request.form["pw_hash"],
    )
    cur.execute(query)
    return ("ok", 200) if cur.fetchone() else ("denied", 401)
