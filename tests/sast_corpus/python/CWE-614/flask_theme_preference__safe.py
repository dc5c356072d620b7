"""Remembers the visitor's colour theme; the cookie holds no secret."""

from flask import Flask, redirect, request

app = Flask(__name__)


@app.post("/theme")
def theme():
    choice = "dark" if request.form.get("theme") == "dark" else "light"
    response = redirect("/")
    response.set_cookie("theme", choice, max_age=31_536_000, samesite="Lax")
    return response
