"""Logs out by deleting the session cookie."""

from flask import Flask, redirect

app = Flask(__name__)


@app.post("/logout")
def logout():
    response = redirect("/")
    response.delete_cookie("session_id")
    return response
