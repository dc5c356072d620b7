"""Logs out and goes to the address posted in the form's return_to field."""

from flask import Flask, redirect, request, session

app = Flask(__name__)


@app.post("/logout")
def logout():
    session.clear()
    return_to = request.form["return_to"]
    return redirect(return_to)
