"""Keeps the CAS service ticket in a cookie between redirects."""

from flask import Flask, redirect, request

app = Flask(__name__)


@app.get("/cas/callback")
def cas_callback():
    response = redirect("/")
    response.set_cookie("cas_ticket", request.args["ticket"], httponly=True, path="/")
    return response
