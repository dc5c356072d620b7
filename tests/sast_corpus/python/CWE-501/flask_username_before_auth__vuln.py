"""Remembers who is logging in before the password has been checked."""

from flask import Flask, redirect, request, session

app = Flask(__name__)


@app.post("/login/start")
def login_start():
    session["username"] = request.form["username"]
    return redirect("/login/password")
