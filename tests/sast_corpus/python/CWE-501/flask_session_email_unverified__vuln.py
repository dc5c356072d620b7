"""Stores the e-mail typed on the sign-up form as the session's verified address."""

from flask import Flask, redirect, request, session

app = Flask(__name__)


@app.post("/signup")
def signup():
    email = request.form["email"].lower()
    session["verified_email"] = email
    return redirect("/welcome")
