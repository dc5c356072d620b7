"""Stores the user's id in the session once the password has been verified."""

from flask import Flask, abort, redirect, request, session
from werkzeug.security import check_password_hash

app = Flask(__name__)
USERS: dict[str, dict] = {}


@app.post("/login")
def login():
    user = USERS.get(request.form["username"])
    if user is None or not check_password_hash(user["password_hash"], request.form["password"]):
        abort(401)
    session["user_id"] = user["id"]
    return redirect("/")
